// A distinct sound per verdict (ux.md): two high beeps to enter, two middle ones for
// "already scanned", one low buzz to refuse.
//
// Nothing is scheduled while the audio context is not running (no audio device, or
// not yet allowed to play): a suspended context never reaches a note's end, so the
// notes of every scan would pile up for the whole evening (some 75 KiB a scan,
// measured with scripts/bench-gate-memory.sh). Each note lets go of its nodes when
// it ends.
type Tone = [frequency: number, seconds: number];

const TONES: Record<"admit" | "already" | "refuse", Tone[]> = {
  admit: [[1175, 0.09], [0, 0.04], [1568, 0.12]],
  already: [[523, 0.15], [0, 0.06], [523, 0.15]],
  refuse: [[196, 0.45]],
};

let context: AudioContext | null = null;
let resuming = false;

/** The audio context when it can play now; otherwise asks once to resume it. */
function running(): AudioContext | null {
  context ??= new AudioContext();
  if (context.state === "running") return context;
  if (!resuming && context.state === "suspended") {
    resuming = true;
    void context.resume().catch(() => undefined).finally(() => { resuming = false; });
  }
  return null;
}

export function play(kind: keyof typeof TONES): void {
  try {
    const audio = running();
    if (!audio) return; // The colour still says it.
    let at = audio.currentTime;
    for (const [frequency, seconds] of TONES[kind]) {
      if (frequency > 0) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = kind === "refuse" ? "square" : "sine";
        oscillator.frequency.value = frequency;
        gain.gain.value = 0.2;
        oscillator.connect(gain).connect(audio.destination);
        oscillator.onended = () => { oscillator.disconnect(); gain.disconnect(); };
        oscillator.start(at);
        oscillator.stop(at + seconds);
      }
      at += seconds;
    }
  } catch {
    // No audio device: the colour still says it.
  }
}
