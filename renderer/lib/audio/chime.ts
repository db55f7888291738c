/**
 * A short two-note chime, made on the spot with Web Audio (no file to ship, nothing fetched):
 * a person looking away from the screen hears that the kiosk is about to clear it.
 */
export function playChime(volume = 0.4): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  const audio = new Context();
  const start = audio.currentTime;
  const notes = [
    { hz: 880, at: 0 },
    { hz: 660, at: 0.25 },
  ];
  for (const { hz, at } of notes) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = hz;
    gain.gain.setValueAtTime(volume, start + at);
    gain.gain.exponentialRampToValueAtTime(0.001, start + at + 0.22);
    tone.connect(gain).connect(audio.destination);
    tone.start(start + at);
    tone.stop(start + at + 0.23);
  }
  setTimeout(() => void audio.close(), 800);
}
