/**
 * A real, short audio file synthesised in code: 16-bit mono PCM WAV with a soft two-tone "call" sound.
 * The preview serves it as the demo recording and the browser tests play it, so nothing is downloaded.
 * WAV layout: RIFF header, "fmt " chunk (PCM = 1), "data" chunk.
 */
export interface ToneOptions {
  readonly seconds?: number;
  readonly sampleRate?: number;
  readonly frequencies?: readonly number[];
}

export function createToneWav(options: ToneOptions = {}): Buffer {
  const seconds = options.seconds ?? 6;
  const sampleRate = options.sampleRate ?? 8000;
  const frequencies = options.frequencies ?? [440, 660];
  if (!(seconds > 0 && seconds <= 600)) throw new RangeError(`seconds must be in (0, 600], got ${seconds}`);
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    const time = i / sampleRate;
    // Alternate the tones every half second, with a short fade so there are no clicks.
    const frequency = frequencies[Math.floor(time * 2) % frequencies.length] ?? 440;
    const phase = (time * 2) % 1;
    const envelope = Math.min(1, phase * 20, (1 - phase) * 20);
    data.writeInt16LE(Math.round(Math.sin(2 * Math.PI * frequency * time) * envelope * 0.3 * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
