/**
 * The staff, technician and supervisor screens load only when someone unlocks staff mode: a
 * person's trámite never needs them, and every byte of the first bundle delays the first paint.
 * Each chunk is a file of the same origin (app:// in Electron, the web host's /assets/), which
 * the CSP's `default-src 'self'` already allows; the import is memoized by the module loader.
 */
export const staffScreens = {
  staff: () => import('../../screens/StaffPanel.svelte'),
  technician: () => import('../../screens/TechnicianPanel.svelte'),
  supervisor: () => import('../../screens/SupervisorScreen.svelte'),
};
