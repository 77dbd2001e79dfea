// The live connection to the review hub: joins the project, shows its state in the player's badge, and
// reconnects for as long as the page is open. What each message does is the caller's.

const RECONNECT_DELAYS = [0, 1000, 2000, 5000, 10000, 10000, 30000];
const RESTART_AFTER_MS = 5000;       // after the automatic reconnects give up, keep trying at this pace
const LIVE_TEXT = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline – retrying', refused: 'Not live' };

export class ReviewHub {
    /**
     * messages: the hub's messages by name (Source, RenderProgress, Comment, Project) → handler.
     * caughtUp(): after each reconnect, to read what was pushed while the connection was down.
     * refused(message): joining the project was refused.
     */
    constructor(root, projectId, messages, caughtUp, refused) {
        this.root = root;
        this.projectId = projectId;
        this.messages = messages;
        this.caughtUp = caughtUp;
        this.refused = refused;
        this.disposed = false;
    }

    connect() {
        const signalR = globalThis.signalR;
        this.connection = new signalR.HubConnectionBuilder()
            .withUrl('/hubs/review')
            .withAutomaticReconnect(RECONNECT_DELAYS)
            .configureLogging(signalR.LogLevel.Warning)
            .build();
        const c = this.connection;
        for (const [name, handler] of Object.entries(this.messages)) c.on(name, handler);
        c.onreconnecting(() => this.setLive('reconnecting'));
        c.onreconnected(async () => {
            await this.join();
            await this.caughtUp();
        });
        c.onclose(error => {
            if (this.disposed) return;
            if (error) console.warn('review: live connection closed', error);
            this.setLive('offline');
            this.restartTimer = setTimeout(() => this.startConnection(), RESTART_AFTER_MS);
        });
        this.startConnection(true);
    }

    async startConnection(first = false) {
        if (this.disposed) return;
        try {
            await this.connection.start();
            await this.join();
            if (!first) await this.caughtUp();
        } catch (e) {
            if (this.disposed) return;
            console.warn('review: live connection could not start', e);
            this.setLive('offline');
            this.restartTimer = setTimeout(() => this.startConnection(), RESTART_AFTER_MS);
        }
    }

    async join() {
        try {
            await this.connection.invoke('Join', this.projectId);
            this.setLive('live');
        } catch (e) {
            console.warn('review: joining the project was refused', e);
            this.setLive('refused');
            this.refused('Live updates are not available for this project.');
        }
    }

    setLive(state) {
        const badge = this.root.querySelector('[data-testid=review-live]');
        if (!badge) return;
        const text = LIVE_TEXT[state];
        badge.textContent = text;
        badge.dataset.state = state;
        badge.title = `Live updates: ${text.toLowerCase()} (since ${new Date().toLocaleTimeString()})`;
    }

    dispose() {
        this.disposed = true;
        clearTimeout(this.restartTimer);
        this.connection?.stop().catch(() => { });
    }
}
