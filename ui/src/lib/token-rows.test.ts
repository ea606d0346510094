import { describe, expect, it } from 'vitest';
import type { FormRow } from './bindings/FormRow';
import {
  isStoredSecret,
  replaceForRequest,
  storedSecretKeys,
  tokenRowsForSend,
  useStoredSecret,
} from './token-rows';

const form: FormRow[] = [
  { key: 'grant_type', value: 'password', secret: false, enabled: true },
  { key: 'client_id', value: 'cid', secret: false, enabled: true },
  { key: 'client_secret', value: null, secret: true, enabled: true },
  { key: 'password', value: null, secret: true, enabled: true },
];

describe('token form rows', () => {
  it('knows which rows hold a stored secret', () => {
    expect(form.map(isStoredSecret)).toEqual([false, false, true, true]);
    expect([...storedSecretKeys(form)]).toEqual(['client_secret', 'password']);
  });

  it('replaces a stored secret for one request and goes back to the stored one', () => {
    const replaced = replaceForRequest(form, 2);
    expect(replaced[2]).toEqual({ key: 'client_secret', value: '', secret: true, enabled: true });
    expect(isStoredSecret(replaced[2])).toBe(false);
    expect(form[2].value).toBeNull();
    expect(useStoredSecret(replaced, 2)[2]).toEqual(form[2]);
  });

  it('drops untouched blank rows before sending but keeps everything else', () => {
    const rows: FormRow[] = [
      ...form,
      { key: '', value: '', secret: false, enabled: true },
      { key: 'scope', value: '', secret: false, enabled: false },
    ];
    const sent = tokenRowsForSend(rows);
    expect(sent).toHaveLength(5);
    expect(sent[4].key).toBe('scope');
  });
});
