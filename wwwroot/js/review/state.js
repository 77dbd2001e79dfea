// What the review knows: the sources in display order and the comments as the server sent them, which source
// is heard and which was heard before, and the listener's choices (matched levels, loop, selection, the device).

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

export class ReviewState {
    constructor(trackId) {
        this.trackId = trackId;
        this.status = null;
        this.sources = [];          // as the server sent them, in display order
        this.comments = [];
        this.problemNotes = [];     // the brief's problem notes, drawn on the mix
        this.activeKey = null;
        this.partnerKey = null;     // the source switched from last: kept playing, muted, for instant A/B
        this.matched = true;
        this.loop = false;
        this.selection = null;      // { key, start, end|null }
        this.device = 'studio';     // what the listener hears it on (devices.js): Studio is straight through
        this.platform = null;       // "Spotify", …: every source as that service plays it (null: as mastered)
    }

    /** The streaming services a revision can be heard "as played" on, in the order the server lists them. */
    platforms() {
        return [...new Set(this.sources.flatMap(s => (s.asPlayed ?? []).map(p => p.name)))];
    }

    /** What is played for a source: a revision's copy in the chosen service's codec, else the source's own audio. */
    audioUrlOf(source) {
        const copy = this.platform ? source?.asPlayed?.find(p => p.name === this.platform) : null;
        return copy?.audioUrl ?? source?.audioUrl ?? null;
    }

    sourceOf(key) {
        return this.sources.find(s => s.key === key);
    }

    /** Takes the whole review as read from the server; keeps what is heard unless it is gone. */
    load(review) {
        this.status = review.status;
        this.sources = review.sources;
        this.comments = review.comments;
        this.problemNotes = review.problemNotes ?? [];
        if (!this.sources.some(s => s.key === this.activeKey)) {
            const latest = [...this.sources].reverse().find(s => s.kind === 'revision' && s.audioUrl);
            this.activeKey = (latest ?? this.sources.find(s => s.audioUrl) ?? this.sources[0])?.key ?? null;
        }
    }

    /** Adds or replaces a pushed source of this track, keeping the order mix, revisions, references. */
    upsertSource(source) {
        if (source.trackId !== this.trackId) return false;
        const at = this.sources.findIndex(s => s.key === source.key);
        if (at >= 0) this.sources[at] = source;
        else this.sources.push(source);
        const rank = s => s.kind === 'mix' ? 0 : s.kind === 'revision' ? 1 : 2;
        this.sources.sort((a, b) => rank(a) - rank(b) || (a.revisionNumber ?? 0) - (b.revisionNumber ?? 0));
        return true;
    }

    /** Adds or replaces a pushed comment on one of the sources shown (a revision, or the mix or a reference by its file). */
    upsertComment(comment) {
        if (!this.sources.some(s => isAbout(comment, s))) return false;
        const at = this.comments.findIndex(c => c.id === comment.id);
        if (at >= 0) this.comments[at] = comment;
        else this.comments.push(comment);
        return true;
    }

    /** The threads' first comments on a source: one marker each (replies have none of their own). */
    markersOf(source) {
        return this.comments.filter(c => !c.parentId && !c.deleted && isAbout(c, source));
    }

    colourOf(key) {
        const index = this.sources.findIndex(s => s.key === key);
        return PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
    }

    /**
     * Each source's gain in dB. As played on a service: what its loudness normalization does to that source (so the
     * levels are the service's, not matched). Matched, every source is brought down to the quietest one's loudness (never up).
     */
    gainDb(source) {
        if (this.platform) {
            const copy = source.asPlayed?.find(p => p.name === this.platform);
            if (copy) return copy.gainDb;
            return source.figures?.platforms?.find(p => p.platform === this.platform)?.gainDb ?? 0;
        }
        if (!this.matched || source.figures?.integratedLufs == null) return 0;
        const levels = this.sources.map(s => s.figures?.integratedLufs).filter(v => v != null);
        return Math.min(...levels) - source.figures.integratedLufs;
    }

    linearGain(key) {
        const source = this.sourceOf(key);
        return source ? Math.pow(10, this.gainDb(source) / 20) : 1;
    }
}

/** Whether a comment is about a source: a revision by its id, the mix or a reference by its file's id. */
export function isAbout(comment, source) {
    return comment.fileId ? comment.fileId === source.fileId : comment.revisionId != null && comment.revisionId === source.revisionId;
}
