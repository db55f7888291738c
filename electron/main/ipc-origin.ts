import { fail, type Result } from '../contract/result';
import { isAppUrl } from './navigation';

/** Every IPC message must come from the app's own top frame; anything else is refused. */
export function checkSenderOrigin(frameUrl: string | undefined, isMainFrame: boolean): Result<true> | null {
  if (!frameUrl || !isMainFrame || !isAppUrl(frameUrl)) return fail('forbidden_origin');
  return null;
}
