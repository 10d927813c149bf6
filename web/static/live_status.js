// Keeps the job reports up to date: GET /v1/jobs for a first paint, then
// WS /v1/live (a snapshot, then JSON Patch deltas applied with the
// fast-json-patch library), reconnecting with backoff when it closes.

/* global jsonpatch */

const firstRetryMs = 500;
const maxRetryMs = 10000;

export class LiveStatus {
  /**
   * onStatus(document) gets {"jobs":[...]} after every change; onConnection
   * ({state, retryInMs}) gets 'live', 'connecting' or 'disconnected'.
   * silenceMs: a socket quiet for this long is taken as dead.
   */
  constructor({ onStatus, onConnection, silenceMs = 5000 }) {
    this.onStatus = onStatus;
    this.onConnection = onConnection;
    this.silenceMs = silenceMs;
    this.document = null;
    this.retryMs = firstRetryMs;
    this.socket = null;
    this.watchdog = null;
  }

  start() {
    this.fetchOnce();
    this.connect();
  }

  async fetchOnce() {
    try {
      const reply = await fetch('/v1/jobs', { cache: 'no-store' });
      // The socket's snapshot is newer: it wins if it came first.
      if (reply.ok && this.document === null) this.publish(await reply.json());
    } catch (error) {
      console.warn('eddy: GET /v1/jobs failed', error);
    }
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.onConnection({ state: 'connecting' });
    const socket = new WebSocket(`${scheme}://${location.host}/v1/live`);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = firstRetryMs;
      this.onConnection({ state: 'live' });
      this.armWatchdog();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.armWatchdog();
      this.receive(event.data);
    };
    socket.onclose = () => this.lose(socket);
  }

  /** Gives up on `socket` (once) and connects again after a backoff. */
  lose(socket) {
    if (this.socket !== socket) return;
    this.socket = null;
    clearTimeout(this.watchdog);
    socket.close();
    const retryInMs = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, maxRetryMs);
    this.onConnection({ state: 'disconnected', retryInMs });
    setTimeout(() => this.connect(), retryInMs);
  }

  // A connection can die without a close (a laptop sleeping, a proxy), and
  // then its close handshake can take minutes: the feed sends about once a
  // second, so silence means it is gone.
  armWatchdog() {
    clearTimeout(this.watchdog);
    const socket = this.socket;
    this.watchdog = setTimeout(() => this.lose(socket), this.silenceMs);
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (error) {
      console.warn('eddy: unreadable live message', error);
      return;
    }
    if (message.type === 'snapshot') {
      this.publish(message.status);
    } else if (message.type === 'delta' && this.document !== null) {
      try {
        // Mutates the document in place: no copy of 1,000 partitions a second.
        jsonpatch.applyPatch(this.document, message.patch, false, true);
      } catch (error) {
        // Out of step: a new connection starts with a fresh snapshot.
        console.warn('eddy: a live delta did not apply; reconnecting', error);
        this.document = null;
        this.lose(this.socket);
        return;
      }
      this.onStatus(this.document);
    }
  }

  publish(document) {
    this.document = document;
    this.onStatus(document);
  }
}
