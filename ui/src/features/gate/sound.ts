// A distinct sound per verdict (ux.md): two high beeps to enter, two middle ones for
// "already scanned", one low buzz to refuse.
type Tone = [frequency: number, seconds: number];

const TONES: Record<"admit" | "already" | "refuse", Tone[]> = {
  admit: [[1175, 0.09], [0, 0.04], [1568, 0.12]],
  already: [[523, 0.15], [0, 0.06], [523, 0.15]],
  refuse: [[196, 0.45]],
};

let context: AudioContext | null = null;

export function play(kind: keyof typeof TONES): void {
  try {
    context ??= new AudioContext();
    let at = context.currentTime;
    for (const [frequency, seconds] of TONES[kind]) {
      if (frequency > 0) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = kind === "refuse" ? "square" : "sine";
        oscillator.frequency.value = frequency;
        gain.gain.value = 0.2;
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(at);
        oscillator.stop(at + seconds);
      }
      at += seconds;
    }
  } catch {
    // No audio device: the colour still says it.
  }
}
