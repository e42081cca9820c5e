/**
 * The outgoing side of a server link: lines produced in one turn of the event loop leave in one
 * `write`, and a peer that stops reading cannot make us buffer without limit.
 *
 * Why one write: a reply of several lines written one `write` each leaves as several small
 * segments; the ircd relays the first at once and the rest only after the client's delayed ACK
 * (about 40 ms), so a client waiting for whole replies gets some 25 a second. Joined, the reply
 * is one segment.
 *
 * Backpressure: when the socket's `write` returns false, lines are kept here until it emits
 * `drain`, then leave in one write. If what waits meanwhile (here and in the socket's own buffer)
 * passes `maxBufferedBytes`, the peer is not reading: `onOverflow` is told once, everything waiting is
 * discarded and later lines are ignored; the owner drops the connection.
 */
/** Default bound for a server link: far above any burst or reply storm services produce. */
export const DEFAULT_MAX_SEND_BUFFER = 16 * 1024 * 1024;
export class LineWriter {
    sink;
    options;
    pending = [];
    pendingBytes = 0;
    scheduled = false;
    /** The socket said "stop" (write returned false) and has not drained yet. */
    blocked = false;
    failed = false;
    schedule;
    constructor(sink, options) {
        this.sink = sink;
        this.options = options;
        this.schedule = options.schedule ?? ((flush) => void setImmediate(flush));
    }
    /** Bytes waiting to be handed to the socket (not counting the socket's own buffer). */
    get queuedBytes() {
        return this.pendingBytes;
    }
    /** Whether the bound was passed (the writer then ignores further lines). */
    get overflowed() {
        return this.failed;
    }
    /** Queues one line (without its CR LF); it leaves with the others of this turn. */
    writeLine(line) {
        if (this.failed || this.sink.destroyed)
            return;
        const text = line + "\r\n";
        this.pending.push(text);
        this.pendingBytes += Buffer.byteLength(text);
        if (this.blocked) {
            // Only a blocked socket counts against the bound: a healthy one takes this turn's lines soon.
            if (this.pendingBytes + this.sink.writableLength > this.options.maxBufferedBytes)
                this.overflow();
            return;
        }
        if (!this.scheduled) {
            this.scheduled = true;
            this.schedule(this.flushScheduled);
        }
    }
    /**
     * Hands everything queued to the socket now, even while it is blocked (the socket buffers it):
     * for the last lines before closing (SQUIT, ERROR), which must not wait for a later turn.
     */
    flushNow() {
        this.write();
    }
    /** Forgets what is queued (the connection is gone). */
    discard() {
        this.pending = [];
        this.pendingBytes = 0;
    }
    flushScheduled = () => {
        this.scheduled = false;
        if (!this.blocked)
            this.write();
    };
    write() {
        if (this.pending.length === 0 || this.failed || this.sink.destroyed)
            return;
        const chunk = this.pending.length === 1 ? this.pending[0] : this.pending.join("");
        this.pending = [];
        this.pendingBytes = 0;
        if (this.sink.write(chunk) || this.blocked)
            return;
        this.blocked = true;
        this.sink.once("drain", this.onDrain);
    }
    onDrain = () => {
        this.blocked = false;
        this.write();
    };
    overflow() {
        const waiting = this.pendingBytes + this.sink.writableLength;
        this.failed = true;
        this.discard();
        this.options.onOverflow(waiting);
    }
}
//# sourceMappingURL=writer.js.map