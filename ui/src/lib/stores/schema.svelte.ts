import * as ipc from '../ipc';
import { AppError } from '../app-error';
import type { FieldInfo } from '../bindings/FieldInfo';
import type { TableInfo } from '../bindings/TableInfo';
import type { TableList } from '../bindings/TableList';
import type { TableSchema } from '../bindings/TableSchema';

/**
 * What the selected profile's instance knows: its tables and, per table, the fields. Rust
 * caches both in SQLite; this keeps the answers of this session so pickers stay instant.
 */
class SchemaState {
  private lists = $state<Record<string, TableList>>({});
  private schemas = $state<Record<string, TableSchema>>({});
  private pending = new Map<string, Promise<unknown>>();
  error = $state<AppError | null>(null);
  loading = $state(0);

  private async once<T>(key: string, load: () => Promise<T>): Promise<T | null> {
    const running = this.pending.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = (async () => {
      this.loading++;
      try {
        const v = await load();
        this.error = null;
        return v;
      } catch (e) {
        this.error = AppError.from(e);
        return null;
      } finally {
        this.loading--;
        this.pending.delete(key);
      }
    })();
    this.pending.set(key, p);
    return p;
  }

  /** The instance's tables, fetched once per profile. */
  async tables(profile: string, refresh = false): Promise<TableList | null> {
    if (!refresh && this.lists[profile]) return this.lists[profile];
    const list = await this.once(`tables:${profile}`, () => ipc.listTables(profile, '', refresh));
    if (list) this.lists[profile] = list;
    return list;
  }

  tableList(profile: string | null): TableInfo[] {
    return (profile && this.lists[profile]?.tables) || [];
  }

  /** The schema already loaded for `table`, without asking. */
  known(profile: string | null, table: string): TableSchema | null {
    return (profile && this.schemas[`${profile}/${table.trim()}`]) || null;
  }

  async schema(profile: string, table: string, refresh = false): Promise<TableSchema | null> {
    const name = table.trim();
    if (!/^[a-z0-9_]+$/.test(name)) return null;
    const key = `${profile}/${name}`;
    if (!refresh && this.schemas[key]) return this.schemas[key];
    const s = await this.once(`schema:${key}:${refresh}`, () =>
      ipc.tableSchema(profile, name, refresh),
    );
    if (s) this.schemas[key] = s;
    return s;
  }

  /** Both again from the instance (the Refresh button). */
  async refresh(profile: string, table: string): Promise<void> {
    await this.tables(profile, true);
    if (table.trim()) await this.schema(profile, table, true);
  }

  /** A profile's instance changed: what was learnt of the old one goes. */
  forget(profile: string): void {
    delete this.lists[profile];
    for (const k of Object.keys(this.schemas)) {
      if (k.startsWith(`${profile}/`)) delete this.schemas[k];
    }
  }
}

export const schema = new SchemaState();

/** `Caller (caller_id)`: how a field is named in pickers. */
export function fieldTitle(f: Pick<FieldInfo, 'label' | 'element'>): string {
  return f.label && f.label !== f.element ? `${f.label} (${f.element})` : f.element;
}

/** Items whose label or name contains `text`: exact first, then prefixes, then the rest. */
function rankByText<T>(items: T[], text: string, keys: (item: T) => [string, string]): T[] {
  const t = text.trim().toLowerCase();
  if (!t) return items;
  const rank = (item: T) => {
    const [a, b] = keys(item).map((k) => k.toLowerCase());
    if (a === t || b === t) return 0;
    if (a.startsWith(t) || b.startsWith(t)) return 1;
    if (a.includes(t) || b.includes(t)) return 2;
    return 3;
  };
  return items
    .map((item) => [rank(item), item] as const)
    .filter(([r]) => r < 3)
    .sort((x, y) => x[0] - y[0])
    .map(([, item]) => item);
}

/** Fields whose label or name contains `text`, labels starting with it first. */
export const matchFields = (fields: FieldInfo[], text: string): FieldInfo[] =>
  rankByText(fields, text, (f) => [f.label, f.element]);

/** Tables whose label or name contains `text`, best first. */
export const matchTables = (tables: TableInfo[], text: string): TableInfo[] =>
  rankByText(tables, text, (x) => [x.label, x.name]);

const DATE_TYPES = new Set(['glide_date_time', 'glide_date', 'due_date', 'glide_time']);
const NUMBER_TYPES = new Set(['integer', 'decimal', 'float', 'longint', 'currency', 'price']);

/** What kind of value editor a field takes. */
export type ValueKind = 'choice' | 'reference' | 'date' | 'number' | 'boolean' | 'text';

export function valueKind(f: FieldInfo | null | undefined): ValueKind {
  if (!f) return 'text';
  if (f.reference) return 'reference';
  if (f.choices.length > 0) return 'choice';
  if (DATE_TYPES.has(f.internal_type)) return 'date';
  if (NUMBER_TYPES.has(f.internal_type)) return 'number';
  if (f.internal_type === 'boolean') return 'boolean';
  return 'text';
}
