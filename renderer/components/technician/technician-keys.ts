import type { SettingName, SettingProblemCode, UpdateStatus } from '../../../electron/contract';
import type { MessageKey } from '../../lib/i18n/es-EC';

/** The technician screen's keys chosen at run time, spelled out so the compiler and the catalog test see each. */
export const fieldLabelKey: Record<SettingName, MessageKey> = {
  centralUrl: 'technician.field.centralUrl',
  officeName: 'technician.field.officeName',
  idleWarnSeconds: 'technician.field.idleWarnSeconds',
  idleResetSeconds: 'technician.field.idleResetSeconds',
  updateChannel: 'technician.field.updateChannel',
  maintenanceWindow: 'technician.field.maintenanceWindow',
};

export const problemKey: Record<SettingProblemCode, MessageKey> = {
  url_invalid: 'technician.problem.url_invalid',
  url_not_tls: 'technician.problem.url_not_tls',
  text_invalid: 'technician.problem.text_invalid',
  number_invalid: 'technician.problem.number_invalid',
  reset_not_after_warn: 'technician.problem.reset_not_after_warn',
  window_invalid: 'technician.problem.window_invalid',
  channel_invalid: 'technician.problem.channel_invalid',
};

export const phaseKey: Record<UpdateStatus['phase'], MessageKey> = {
  none: 'technician.phase.none',
  checking: 'technician.phase.checking',
  available: 'technician.phase.available',
  downloading: 'technician.phase.downloading',
  downloaded: 'technician.phase.downloaded',
  installing: 'technician.phase.installing',
};

export const refusalKey: Record<string, MessageKey> = {
  paused: 'technician.refusal.paused',
  'session-running': 'technician.refusal.session-running',
  'nothing-downloaded': 'technician.refusal.nothing-downloaded',
  busy: 'technician.refusal.busy',
  disabled: 'technician.refusal.disabled',
};
