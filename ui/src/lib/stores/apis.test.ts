import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { apis } from './apis.svelte';
import { request } from './request.svelte';
import type { ScriptedApi } from '../bindings/ScriptedApi';

afterEach(() => clearMocks());

const api: ScriptedApi = {
  sys_id: 'd1',
  name: 'Incident Tools',
  namespace: 'x_snc_demo',
  api_id: 'incident_tools',
  base_uri: '/api/x_snc_demo/incident_tools',
  versions: ['v1'],
  operations: [
    {
      sys_id: 'o1',
      name: 'Escalate',
      http_method: 'POST',
      relative_path: '/{sys_id}/escalate',
      operation_uri: '/api/x_snc_demo/incident_tools/{sys_id}/escalate',
      path_params: ['sys_id'],
    },
  ],
};

describe('apis: Scripted REST', () => {
  it('lists, turns path parameters into fields, sends and shows the answer', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'scripted_apis') return [api];
      if (cmd === 'call_scripted_operation') return { id: 9, status: 200 };
      return null;
    });
    apis.search = 'incident';
    await apis.load('dev');
    expect(calls[0]).toEqual(['scripted_apis', { profile: 'dev', search: 'incident' }]);
    apis.pick(apis.apis[0].operations[0]);
    expect(apis.params).toEqual({ sys_id: '' });
    apis.params.sys_id = 'abc';
    apis.body = '{"reason":"VIP"}';
    await apis.send('dev');
    expect(calls.at(-1)).toEqual([
      'call_scripted_operation',
      {
        profile: 'dev',
        operation: api.operations[0],
        pathParams: [['sys_id', 'abc']],
        body: '{"reason":"VIP"}',
        confirmed: undefined,
      },
    ]);
    expect(request.exchange?.id).toBe(9);
    expect(apis.error).toBeNull();
  });

  it('holds a write the profile wants confirmed and shows other errors', async () => {
    mockIPC(() => {
      throw { kind: 'confirm_write', message: 'POST needs confirming', hint: '' };
    });
    apis.pick(api.operations[0]);
    await apis.send('prod');
    expect(apis.unconfirmed?.kind).toBe('confirm_write');
    mockIPC(() => {
      throw { kind: 'invalid_input', message: 'needs {sys_id}', hint: '' };
    });
    await apis.send('prod', true);
    expect(apis.unconfirmed).toBeNull();
    expect(apis.error?.kind).toBe('invalid_input');
  });
});
