import type { Settings } from '../api/types';

/** The settings page's form (masking and retention) and what the trace page says about masked values. */

/** A custom rule as edited; an empty replacement stands for the server's default, `[NAME]`. */
export interface RuleDraft {
  name: string;
  pattern: string;
  replacement: string;
}

export interface MaskingForm {
  detectors: Record<string, boolean>;
  rules: RuleDraft[];
  dropPaths: string[];
  /** Days as typed; empty keeps traces. */
  retentionDays: string;
  /** The anomaly webhook's URL as typed; empty for none. */
  anomalyWebhookUrl: string;
}

/** What each of the server's detectors catches: a label, a value it finds, and what that becomes. */
export const DETECTORS: Record<string, { label: string; example: string; placeholder: string }> = {
  apiKey: { label: 'API keys and tokens', example: 'sk-proj-…, AKIA…, ghp_…, Bearer eyJ…', placeholder: '[API_KEY]' },
  email: { label: 'E-mail addresses', example: 'ada@example.com', placeholder: '[EMAIL]' },
  iban: { label: 'IBANs', example: 'DE89 3704 0044 0532 0130 00', placeholder: '[IBAN]' },
  creditCard: { label: 'Credit card numbers', example: '4111 1111 1111 1111', placeholder: '[CREDIT_CARD]' },
  ipAddress: { label: 'IP addresses', example: '192.168.0.12, 2001:db8::1', placeholder: '[IP_ADDRESS]' },
  phone: { label: 'Phone numbers', example: '+44 20 7946 0958', placeholder: '[PHONE]' },
};

/** The fields a drop path may start with: those masking reaches (MaskingSettings.FIELDS on the server). */
export const DROP_FIELDS = ['input', 'output', 'metadata', 'attributes', 'variables', 'error', 'statusMessage', 'comment'];

const RULE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;
const DROP_PATH = new RegExp(`^(${DROP_FIELDS.join('|')})(\\.[^.]+)+$`);

export function defaultReplacement(name: string): string {
  return `[${name}]`;
}

/**
 * The server's settings as a form. A replacement that is the default is shown empty, so that it
 * follows the name when the rule is renamed.
 */
export function formOf(settings: Settings): MaskingForm {
  const { detectors, rules, dropPaths } = settings.masking;
  return {
    detectors: { ...detectors },
    rules: rules.map(({ name, pattern, replacement }) => ({
      name,
      pattern,
      replacement: replacement === undefined || replacement === defaultReplacement(name) ? '' : replacement,
    })),
    dropPaths: [...dropPaths],
    retentionDays: settings.retentionDays === null || settings.retentionDays === undefined ? '' : String(settings.retentionDays),
    anomalyWebhookUrl: settings.anomalyWebhookUrl ?? '',
  };
}

/**
 * The form as the body of `PUT /api/settings`, in the form's order so that the server's messages
 * (`masking.rules[2].pattern`) point at the row shown third. A default replacement is left out;
 * patterns are sent as typed, as spaces count in a regular expression.
 */
export function settingsOf(form: MaskingForm): Settings {
  return {
    masking: {
      detectors: { ...form.detectors },
      rules: form.rules.map(({ name, pattern, replacement }) => {
        const rule = { name: name.trim(), pattern };
        return replacement === '' || replacement === defaultReplacement(rule.name) ? rule : { ...rule, replacement };
      }),
      dropPaths: form.dropPaths.map((p) => p.trim()),
    },
    // A number the server refuses (0, 1.5) is sent as typed, so that its message says why.
    retentionDays: form.retentionDays.trim() === '' ? null : Number(form.retentionDays.trim()),
    anomalyWebhookUrl: form.anomalyWebhookUrl.trim() === '' ? null : form.anomalyWebhookUrl.trim(),
  };
}

/** Whether two forms save the same settings. */
export function sameSettings(a: MaskingForm, b: MaskingForm): boolean {
  return JSON.stringify(settingsOf(a)) === JSON.stringify(settingsOf(b));
}

/**
 * What the server would refuse in the form, by the field's path in its messages
 * (`masking.rules[0].name`). Empty fields count only with `blanks`: a row just added is not wrong
 * yet. Patterns are checked by the server alone, as Java regular expressions differ from the
 * browser's.
 */
export function formProblems(form: MaskingForm, blanks: boolean): Map<string, string> {
  const problems = new Map<string, string>();
  // Values as settingsOf sends them.
  const check = (path: string, value: string, format?: { valid: RegExp; hint: string }) => {
    if (value === '') {
      if (blanks) {
        problems.set(path, 'Required.');
      }
    } else if (format && !format.valid.test(value)) {
      problems.set(path, format.hint);
    }
  };
  form.rules.forEach((rule, i) => {
    check(`masking.rules[${i}].name`, rule.name.trim(),
      { valid: RULE_NAME, hint: 'Upper-case letters, digits and _, starting with a letter, at most 32: like ORDER_ID.' });
    check(`masking.rules[${i}].pattern`, rule.pattern);
  });
  const days = form.retentionDays.trim();
  if (days !== '' && !/^\d+$/.test(days)) {
    problems.set('retentionDays', 'A whole number of days, or empty to keep traces.');
  }
  const url = form.anomalyWebhookUrl.trim();
  if (url !== '' && !/^https?:\/\/[^/\s]+/.test(url)) {
    problems.set('anomalyWebhookUrl', 'An http:// or https:// URL, or empty for none.');
  }
  form.dropPaths.forEach((path, i) => {
    check(`masking.dropPaths[${i}]`, path.trim(),
      { valid: DROP_PATH, hint: `A field (${DROP_FIELDS.join(', ')}) and at least one key, joined by dots: like metadata.password.` });
  });
  return problems;
}

/** The field a refusal of `PUT /api/settings` names (`masking.rules[0].pattern: not a valid …`), if any. */
export function refusedField(message: string): string | null {
  return /^(masking\.\w+(?:\[\d+\])?(?:\.\w+)?|retentionDays|anomalyWebhookUrl): /.exec(message)?.[1] ?? null;
}

/** A trace's masked counts as "2 EMAIL · 1 DROPPED": most first, then by kind. */
export function maskedSummary(masked: Record<string, number>): string {
  return Object.entries(masked)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([kind, count]) => `${count.toLocaleString('en-US')} ${kind}`)
    .join(' · ');
}
