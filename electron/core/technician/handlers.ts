import { fail, ok, type Result } from '../../contract/result';
import type { CallHandlers } from '../terminal';
import type { TechnicianService } from './service';

type TechnicianCall =
  | 'technician.overview'
  | 'technician.configure'
  | 'technician.deadLetter'
  | 'technician.testEmail'
  | 'technician.diagnostics'
  | 'technician.update';

/** Who is unlocked on this screen (staff mode), if anyone. */
export type CurrentStaff = () => { id: string; role: string } | null;

/**
 * The technician's calls on one screen: each asks the screen's staff mode first, and only a
 * technician's unlock passes (a supervisor's PIN opens the supervisor's panel, not this).
 */
export function technicianHandlers(
  service: TechnicianService,
  current: CurrentStaff,
): Pick<CallHandlers, TechnicianCall> {
  const asTechnician = async <T>(run: (staffId: string) => Promise<Result<T>>): Promise<Result<T>> => {
    const staff = current();
    if (!staff || staff.role !== 'technician') return fail('staff_required');
    return run(staff.id);
  };
  return {
    'technician.overview': () => asTechnician(async () => ok(await service.overview())),
    'technician.configure': ({ settings }) =>
      asTechnician(async (staffId) => ok(await service.configure(staffId, settings))),
    'technician.deadLetter': ({ id, action }) =>
      asTechnician(async (staffId) => ok({ done: await service.deadLetter(staffId, id, action) })),
    'technician.testEmail': ({ to }) => asTechnician((staffId) => service.testEmail(staffId, to)),
    'technician.diagnostics': () => asTechnician(async () => ok(await service.diagnostics())),
    'technician.update': ({ command }) => asTechnician(async (staffId) => ok(await service.update(staffId, command))),
  };
}
