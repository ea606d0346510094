// The dev mock's answers for the instance's other APIs: Run all and Send as batch over the
// saved requests, the Scripted REST tool, the Aggregate builder, and a File body. Shapes
// follow the Rust commands; the numbers are made up.

import type { AggregateRequest } from '../src/lib/bindings/AggregateRequest';
import type { BatchView } from '../src/lib/bindings/BatchView';
import type { ExchangeView } from '../src/lib/bindings/ExchangeView';
import type { ProfileView } from '../src/lib/bindings/ProfileView';
import type { RequestInput } from '../src/lib/bindings/RequestInput';
import type { RunResult } from '../src/lib/bindings/RunResult';
import type { SavedRequestRow } from '../src/lib/bindings/SavedRequestRow';
import type { ScriptedApi } from '../src/lib/bindings/ScriptedApi';
import type { ScriptedOperation } from '../src/lib/bindings/ScriptedOperation';

type Args = Record<string, unknown>;

export interface PlatformContext {
  profile(name: unknown): ProfileView;
  saved(profile: string): SavedRequestRow[];
  send(p: ProfileView, input: RequestInput): ExchangeView;
  answer(p: ProfileView, method: string, path: string, status: number, body: unknown): ExchangeView;
}

const API: ScriptedApi = {
  sys_id: 'a1f0c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
  name: 'Incident tools',
  namespace: 'x_snc_demo',
  api_id: 'incident_tools',
  base_uri: '/api/x_snc_demo/incident_tools',
  versions: ['v1'],
  operations: [
    {
      sys_id: 'op1',
      name: 'Summary',
      http_method: 'GET',
      relative_path: '/summary',
      operation_uri: '/api/x_snc_demo/incident_tools/summary',
      path_params: [],
    },
    {
      sys_id: 'op2',
      name: 'Escalate',
      http_method: 'POST',
      relative_path: '/{sys_id}/escalate',
      operation_uri: '/api/x_snc_demo/incident_tools/{sys_id}/escalate',
      path_params: ['sys_id'],
    },
  ],
};

function named(ctx: PlatformContext, profile: string, names: unknown): SavedRequestRow[] {
  const rows = ctx.saved(profile);
  const wanted = (names as string[] | undefined) ?? [];
  return wanted.length ? rows.filter((r) => wanted.includes(r.name)) : rows;
}

/** `undefined` for a command this module does not answer. */
export function handlePlatform(ctx: PlatformContext, cmd: string, a: Args): unknown {
  switch (cmd) {
    case 'run_saved': {
      const p = ctx.profile(a.profile);
      return named(ctx, p.name, a.names).map((r): RunResult => {
        const x = ctx.send(p, r.request);
        return {
          name: r.name,
          method: x.request.method,
          url: x.request.url,
          status: x.status,
          reason: x.reason,
          elapsed_ms: x.elapsed_ms,
          size: x.size,
          error: x.servicenow_error?.message ?? null,
        };
      });
    }
    case 'send_batch': {
      const p = ctx.profile(a.profile);
      const rows = named(ctx, p.name, a.names);
      const items = rows.map((r, i) => ({
        id: String(i + 1),
        name: r.name,
        exchange: ctx.send(p, r.request),
      }));
      const batch = ctx.answer(p, 'POST', '/api/now/v1/batch', 200, {
        batch_request_id: '1',
        serviced_requests: items.map((i) => ({ id: i.id, status_code: i.exchange.status })),
        unserviced_requests: [],
      });
      return { batch, items, unserviced: [], retried: 0 } satisfies BatchView;
    }
    case 'scripted_apis': {
      const q = String(a.search ?? '').toLowerCase();
      const text = JSON.stringify(API).toLowerCase();
      return !q || text.includes(q) ? [API] : [];
    }
    case 'call_scripted_operation': {
      const p = ctx.profile(a.profile);
      const op = a.operation as ScriptedOperation;
      const params = new Map(a.pathParams as [string, string][]);
      const path = op.operation_uri.replace(/\{(\w+)\}/g, (_, k: string) => params.get(k) ?? '');
      const body =
        op.name === 'Escalate'
          ? { result: { sys_id: params.get('sys_id'), priority: '1' } }
          : { result: { open: 42, by_priority: { '1': 3, '2': 9, '3': 30 } } };
      return ctx.answer(p, op.http_method, path, 200, body);
    }
    case 'aggregate': {
      const p = ctx.profile(a.profile);
      const r = a.request as AggregateRequest;
      const groups = r.group_by.length ? ['1', '2', '3', '4'] : [''];
      const counts = [3, 9, 30, 17];
      const result = groups.map((g, i) => ({
        stats: { count: String(counts[i]) },
        ...(g ? { groupby_fields: [{ field: r.group_by[0], value: g }] } : {}),
      }));
      const x = ctx.answer(p, 'GET', `/api/now/stats/${r.table}`, 200, { result });
      const columns = [...r.group_by, 'count'];
      const rows = groups.map((g, i) => [...(g ? [g] : []), String(counts[i])]);
      return [x, { columns, rows }];
    }
    case 'pick_body_file':
      return { file_name: 'report.pdf', size: 48213, content_type: 'application/pdf' };
    case 'send_request_file': {
      const p = ctx.profile(a.profile);
      return ctx.answer(p, 'POST', (a.input as RequestInput).path, 201, {
        result: { sys_id: 'f00d', file_name: 'report.pdf', content_type: 'application/pdf' },
      });
    }
    case 'open_response_file':
      return `/home/you/.cache/snowpost/opened/${String(a.id)}-response.pdf`;
    default:
      return undefined;
  }
}
