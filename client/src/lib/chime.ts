let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = window.AudioContext as typeof AudioContext | undefined;
  if (!Ctor) return null;
  context = new Ctor();
  return context;
}

/**
 * Browsers keep audio locked until someone touches the page; a phone's first tap unlocks it here.
 * (A hall screen has nobody to tap: its browser is started with --autoplay-policy=no-user-gesture-required.)
 */
export function unlockAudioOnFirstTouch(): () => void {
  const unlock = () => void audio()?.resume();
  window.addEventListener('pointerdown', unlock, { once: true });
  window.addEventListener('keydown', unlock, { once: true });
  return () => {
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
}

/**
 * A two-tone "ding-dong"; resolves with how long it lasts, in ms, once it has started (0 when audio
 * is unavailable or still locked: a locked context never resumes, so it is not waited for long).
 */
export async function playChime(): Promise<number> {
  const ctx = audio();
  if (!ctx) return 0;
  if (ctx.state !== 'running') await Promise.race([ctx.resume(), new Promise((resolve) => setTimeout(resolve, 300))]);
  if (ctx.state !== 'running') return 0;
  const tones = [880, 660];
  const length = 0.45;
  tones.forEach((frequency, i) => {
    const start = ctx.currentTime + i * length;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.5, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + length);
  });
  return tones.length * length * 1000;
}
