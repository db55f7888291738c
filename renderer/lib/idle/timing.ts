// one rule for the visible timer here and the limit the core enforces
export {
  idleTiming,
  TYPING_EXTEND_SECONDS,
  TYPING_WARN_SECONDS,
  type IdleTiming,
} from '../../../electron/contract/idle';
