import * as ipc from '../ipc';
import { AppError } from '../app-error';
import {
  emptyIncidentForm,
  formToJson,
  incidentFields,
  jsonToForm,
  type Extras,
  type IncidentField,
  type IncidentForm,
} from '../incident-form';
import type { ExchangeView } from '../bindings/ExchangeView';

/** The Incident tab: a form and its JSON, kept in step, and the last create's answer. */
class IncidentState {
  form = $state<IncidentForm>(emptyIncidentForm());
  extras = $state<Extras>({});
  json = $state(formToJson(emptyIncidentForm()));
  /** Set while the JSON does not parse; the form keeps its last good values meanwhile. */
  jsonError = $state<string | null>(null);
  sending = $state(false);
  error = $state<AppError | null>(null);
  exchange = $state<ExchangeView | null>(null);

  setField(field: IncidentField, value: string): void {
    this.form[field] = value;
    this.json = formToJson(this.form, this.extras);
    this.jsonError = null;
  }

  setJson(text: string): void {
    this.json = text;
    const parsed = jsonToForm(text);
    if (parsed.ok) {
      this.form = parsed.form;
      this.extras = parsed.extras;
      this.jsonError = null;
    } else {
      this.jsonError = parsed.error;
    }
  }

  async send(profile: string | null, confirmed = false): Promise<void> {
    if (this.sending) return;
    if (!profile) {
      this.error = AppError.local(
        'no_profile',
        'Select a profile first.',
        'Or press "Try without an instance".',
      );
      return;
    }
    if (this.jsonError) {
      this.error = AppError.local(
        'invalid_json',
        this.jsonError,
        'Fix the JSON, or edit a field in the form to rewrite it from the form.',
      );
      return;
    }
    this.sending = true;
    this.error = null;
    try {
      this.exchange = await ipc.createIncident(
        profile,
        incidentFields(this.form, this.extras),
        confirmed,
      );
    } catch (e) {
      this.error = AppError.from(e);
    } finally {
      this.sending = false;
    }
  }
}

export const incident = new IncidentState();
