import type { MessageKey } from './i18n/es-EC';

/** The pictures are bundled (no remote loads, CSP img-src 'self'); the words are in the catalogs. */
const files = import.meta.glob<string>('../assets/images/*.svg', { eager: true, query: '?url', import: 'default' });

const names: Record<string, MessageKey> = {
  llama: 'image.llama',
  volcan: 'image.volcan',
  colibri: 'image.colibri',
  tortuga: 'image.tortuga',
  condor: 'image.condor',
  cacao: 'image.cacao',
  sombrero: 'image.sombrero',
  canoa: 'image.canoa',
  orquidea: 'image.orquidea',
  guitarra: 'image.guitarra',
  mazorca: 'image.mazorca',
  faro: 'image.faro',
};

export type SecurityImage = { id: string; nameKey: MessageKey | null; src: string | null };

export function securityImage(id: string): SecurityImage {
  return { id, nameKey: names[id] ?? null, src: files[`../assets/images/${id}.svg`] ?? null };
}
