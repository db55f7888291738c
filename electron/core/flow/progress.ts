import type { FlowKind } from '../../contract/flow';
import { firstState, next, type Facts, type FlowState } from './machine';

/**
 * "Paso N de M" counts the screens the person actually sees: the welcome choice is 1, then each
 * screen of the path the flow takes. The trámite's own numbering skips numbers (two official
 * steps share the identify screen, one happens on the phone), which reads as a screen missed.
 * Recover shows the image screen only to a person who set an image, so its total depends on
 * that; before it is known the shorter path is counted.
 */
export function screenProgress(
  kind: FlowKind,
  state: FlowState,
  facts: Facts,
  from?: FlowState,
): { step: number; total: number } {
  const path = pathOf(kind, facts);
  const total = path.length + 1;
  const at = state === 'locked' && from ? from : state;
  if (at === 'done') return { step: total, total };
  const index = path.indexOf(at);
  return { step: index === -1 ? 1 : index + 2, total };
}

/** The screens from the first to the last before done, following the happy edges. */
function pathOf(kind: FlowKind, facts: Facts): FlowState[] {
  const path: FlowState[] = [];
  let state: FlowState | null = firstState[kind];
  while (state && state !== 'done' && !path.includes(state)) {
    path.push(state);
    state = next(kind, state, { ...facts, locked: false });
  }
  return path;
}
