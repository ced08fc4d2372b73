import { playChime } from '../../lib/chime';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chineseVoice(): SpeechSynthesisVoice | undefined {
  const voices = window.speechSynthesis.getVoices();
  const lang = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  return voices.find((v) => lang(v) === 'zh-cn') ?? voices.find((v) => lang(v).startsWith('zh'));
}

function speak(text: string): Promise<void> {
  if (!('speechSynthesis' in window)) return Promise.resolve();
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'zh-CN';
    const voice = chineseVoice();
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9;
    // A synthesiser that never reports the end must not silence the hall for the rest of the day.
    const timer = setTimeout(() => resolve(), 2000 + text.length * 500);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    utterance.addEventListener('end', done);
    utterance.addEventListener('error', done);
    window.speechSynthesis.speak(utterance);
  });
}

/** Announces calls one after another, each after a chime, so two calls close together are both heard whole. */
export class Announcer {
  private queue: Promise<void> = Promise.resolve();

  announce(text: string): void {
    this.queue = this.queue.then(async () => {
      await sleep(await playChime());
      await speak(text);
    });
  }
}
