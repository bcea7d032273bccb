import { append, clear, h } from '../shared/dom';
import { formatDuration } from '../shared/format';
import type { RecordingPolicy } from '../shared/recording-hosts';
import {
  recordingState,
  safeHttpUrl,
  type NoRecordingReason,
  type RecordingInput,
} from '../shared/recording-state';
import type { TextKey, Texts } from '../shared/texts';
import type { UserFormat } from '../shared/user-format';

/** Speeds offered to agents (Ringostat's own player offers the same three). */
export const PLAYBACK_SPEEDS = [1, 1.5, 2] as const;

export interface RecordingPlayer {
  /** The player's root element; put it anywhere on the page. */
  readonly element: HTMLElement;
  /** Shows a call's recording (or why there is none). Showing the same call again keeps playback going. */
  show(call: PlayerCall): void;
  /**
   * Plays from `seconds` (a transcript line's time). Before the first play the recording is not loaded
   * (docs/adr/0087), so this sets the source first and moves there once the length is known
   * (docs/adr/0143). Does nothing when there is no recording to play.
   */
  playFrom(seconds: number): void;
  /** Stops playback and releases the audio. */
  destroy(): void;
}

/** A call as the player reads it: the recording facts plus what its caption shows. */
export type PlayerCall = RecordingInput & {
  readonly durationSeconds?: number | null | undefined;
  /** actualstart, shown in the caption in the user's format when `format` is given. */
  readonly startedAt?: string | null | undefined;
};

const NO_RECORDING: Readonly<Record<NoRecordingReason, TextKey>> = {
  missed: 'noRecordingMissed',
  'not-answered': 'noRecordingNotAnswered',
  'not-recorded': 'noRecordingSent',
};

export interface RecordingPlayerOptions {
  readonly texts: Texts;
  /** The user's date format; with it the player names the call it plays ("Call 02.03.2026 18:00"). */
  readonly format?: UserFormat;
  /** Called when an agent asks to re-check a recording that was not ready. */
  readonly onCheckAgain?: () => void;
  /** Which recording hosts may be played (default: Ringostat's, recording-hosts.ts). */
  readonly policy?: RecordingPolicy;
}

/**
 * One recording player: play/pause, seek, 1×/1.5×/2×, download and duration, plus the states where
 * there is nothing to play. Used by the player page on the phone-call form and inline by the call log.
 */
export function createRecordingPlayer(doc: Document, options: RecordingPlayerOptions): RecordingPlayer {
  const t = options.texts;
  const element = h(doc, 'div', { class: 'ringo-player' });
  const status = h(doc, 'div', { class: 'ringo-status', role: 'status', 'aria-live': 'polite' });
  const caption = h(doc, 'div', { class: 'ringo-player-caption' });
  let audio: HTMLAudioElement | null = null;
  let shownKey: string | null = null;
  let startAt: ((seconds?: number) => void) | null = null;

  function release(): void {
    if (audio) {
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
      audio = null;
    }
    startAt = null;
  }

  function message(state: string, text: string, callCardUrl?: string | null, withRetry = false): void {
    release();
    clear(element);
    append(element, [caption.textContent ? caption : null]);
    const box = h(doc, 'div', { class: 'ringo-player-message', 'data-state': state, role: 'status' }, text);
    const card = safeHttpUrl(callCardUrl);
    if (card) {
      append(box, [
        ' ',
        h(doc, 'a', { href: card, target: '_blank', rel: 'noopener noreferrer' }, t.openCallCard),
      ]);
    }
    if (withRetry && options.onCheckAgain) {
      const retry = h(doc, 'button', { type: 'button', class: 'ringo-link' }, t.checkAgain);
      retry.addEventListener('click', () => options.onCheckAgain?.());
      append(box, [' ', retry]);
    }
    append(element, [box]);
  }

  function controls(url: string, knownSeconds: number | null | undefined, callCardUrl?: string | null): void {
    release();
    clear(element);
    // Nothing is fetched until the agent presses play: no src and preload="none", so opening a form
    // sends no request (and no recording token) to the recording host (docs/adr/0087).
    const player = h(doc, 'audio', { preload: 'none' });
    audio = player;
    const playButton = h(
      doc,
      'button',
      { type: 'button', class: 'ringo-primary', 'data-action': 'play' },
      t.play,
    );
    const seek = h(doc, 'input', {
      type: 'range',
      class: 'ringo-player-seek',
      min: 0,
      max: Math.max(knownSeconds ?? 0, 0),
      step: 'any',
      value: 0,
      'aria-label': t.seek,
    });
    const time = h(doc, 'span', { class: 'ringo-player-time', 'aria-label': t.duration });
    const speedGroup = h(doc, 'span', { class: 'ringo-player-speeds', role: 'group', 'aria-label': t.speed });
    const download = h(
      doc,
      'a',
      { class: 'ringo-button', href: url, download: '', target: '_blank', rel: 'noopener noreferrer' },
      t.download,
    );
    let total = knownSeconds ?? 0;
    // Where to start once the recording's length is known: a position chosen before anything was loaded
    // (the seek bar, a transcript line) is applied then, not lost to the load that starts from 0.
    let pending: number | null = null;
    const renderTime = (): void => {
      time.textContent = `${formatDuration(pending ?? player.currentTime)} / ${formatDuration(total)}`;
    };
    for (const speed of PLAYBACK_SPEEDS) {
      const button = h(
        doc,
        'button',
        { type: 'button', 'data-speed': speed, 'aria-pressed': speed === 1 ? 'true' : 'false' },
        `${speed}×`,
      );
      button.addEventListener('click', () => {
        player.playbackRate = speed;
        for (const other of Array.from(speedGroup.children)) {
          other.setAttribute('aria-pressed', other === button ? 'true' : 'false');
        }
      });
      append(speedGroup, [button]);
    }
    const moveTo = (seconds: number): void => {
      if (player.readyState >= HTMLMediaElement.HAVE_METADATA) player.currentTime = seconds;
      else pending = seconds;
    };
    startAt = (seconds) => {
      if (!player.getAttribute('src')) player.src = url;
      if (seconds !== undefined) moveTo(seconds);
      void player.play().catch(() => undefined);
    };
    const start = startAt;
    playButton.addEventListener('click', () => {
      if (player.paused) start();
      else player.pause();
    });
    seek.addEventListener('input', () => {
      moveTo(Number(seek.value));
      renderTime();
    });
    player.addEventListener('loadedmetadata', () => {
      if (Number.isFinite(player.duration)) total = player.duration;
      seek.max = String(total);
      if (pending !== null) player.currentTime = Math.min(pending, total || pending);
      pending = null;
      renderTime();
    });
    player.addEventListener('timeupdate', () => {
      seek.value = String(player.currentTime);
      renderTime();
    });
    player.addEventListener('play', () => {
      playButton.textContent = t.pause;
      playButton.setAttribute('data-action', 'pause');
      status.textContent = t.playing;
    });
    player.addEventListener('pause', () => {
      playButton.textContent = t.play;
      playButton.setAttribute('data-action', 'play');
      status.textContent = t.paused;
    });
    // An expired token or a deleted file surfaces as a media error; the call card still has the call.
    player.addEventListener('error', () => message('expired', t.expired, callCardUrl));
    renderTime();
    append(element, [
      caption.textContent ? caption : null,
      player,
      h(doc, 'div', { class: 'ringo-player-controls' }, playButton, seek, time, speedGroup, download),
      status,
    ]);
  }

  return {
    element,
    show(call) {
      const state = recordingState(call, new Date(), options.policy);
      const key = `${state.kind}|${'url' in state ? state.url : ''}`;
      if (key === shownKey && state.kind === 'playable') return;
      shownKey = key;
      const when = options.format?.dateTime(call.startedAt) ?? '';
      caption.textContent = when ? `${t.callStart} ${when}` : '';
      switch (state.kind) {
        case 'none':
          return message(state.reason, t[NO_RECORDING[state.reason]], call.callCardUrl);
        case 'not-ready':
          return message('not-ready', t.notReady, call.callCardUrl, true);
        case 'refused':
          return message('refused', t.refused, call.callCardUrl);
        case 'playable':
          return controls(state.url, call.durationSeconds, call.callCardUrl);
      }
    },
    playFrom(seconds) {
      startAt?.(seconds);
    },
    destroy() {
      release();
      clear(element);
      shownKey = null;
    },
  };
}
