/// Keys of `meta` the store itself uses.
enum MetaKey {
    static let storeID = "store-id"
}

/// The store's schema, as a list of migrations; `PRAGMA user_version` counts those applied.
enum Schema {
    /// `PRAGMA application_id` of a Steward store: the ASCII bytes "STWD".
    static let applicationID: Int64 = 0x5354_5744

    /// The version this code writes and knows how to read.
    static var currentVersion: Int { migrations.count }

    /// Migration n (1-based) turns a version n-1 store into version n. Never edit a shipped one.
    static let migrations: [String] = [version1, version2, version3, version4]

    /// Steps a crash left flagged are the admins' work (`steward tasks`): found without
    /// reading every step ever called.
    private static let version4 = """
    CREATE INDEX steps_flagged ON steps(instance_id) WHERE status = 'flagged';
    """

    /// Lists of instances (`steward status`) go newest first by start time, then id, a page
    /// at a time, with or without a status or a workflow: each page is a range of one of
    /// these indexes. The workflow's index takes the place of the one by workflow and id
    /// (an equal workflow is still a prefix of it), so a start writes two index entries more
    /// than before, not three. None is rewritten by the usual update (state and version).
    private static let version3 = """
    CREATE INDEX instances_started ON instances(created_at, id);
    CREATE INDEX instances_status_started ON instances(status, created_at, id);
    DROP INDEX instances_workflow;
    CREATE INDEX instances_workflow_started ON instances(workflow_id, created_at, id);
    """

    /// The roster and calendars each event was decided under, by hash, so that replaying an
    /// old trail uses them rather than today's files (as `definitions` does for workflows).
    private static let version2 = """
    CREATE TABLE environments(
        hash TEXT PRIMARY KEY NOT NULL,
        source BLOB NOT NULL,
        created_at INTEGER NOT NULL) WITHOUT ROWID;
    -- The environment the instance's last event was decided under: a trail entry names
    -- the environment only when it differs from the one before.
    ALTER TABLE instances ADD COLUMN environment TEXT;
    """

    private static let version1 = """
    CREATE TABLE definitions(
        hash TEXT PRIMARY KEY NOT NULL,
        workflow_id TEXT NOT NULL,
        source BLOB NOT NULL,
        created_at INTEGER NOT NULL);
    CREATE INDEX definitions_workflow ON definitions(workflow_id, created_at);

    CREATE TABLE instances(
        id TEXT PRIMARY KEY NOT NULL,
        workflow_id TEXT NOT NULL,
        definition_hash TEXT NOT NULL REFERENCES definitions(hash),
        parent_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('running','completed','rejected','cancelled','failed')),
        state BLOB NOT NULL,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL);
    CREATE INDEX instances_status ON instances(status, id);
    CREATE INDEX instances_workflow ON instances(workflow_id, id);
    CREATE INDEX instances_parent ON instances(parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX instances_definition ON instances(definition_hash);

    CREATE TABLE tasks(
        id TEXT PRIMARY KEY NOT NULL,
        instance_id TEXT NOT NULL REFERENCES instances(id),
        state TEXT NOT NULL,
        title TEXT NOT NULL,
        assignees TEXT NOT NULL DEFAULT '[]',
        roles TEXT NOT NULL DEFAULT '[]',
        opened_at INTEGER NOT NULL,
        due_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('open','closed')));
    CREATE INDEX tasks_status ON tasks(status, due_at, id);
    CREATE INDEX tasks_instance ON tasks(instance_id);

    -- The inbox index: one row per person or role of each OPEN task (rows go when it closes).
    CREATE TABLE task_assignees(
        task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('person','role')),
        name TEXT NOT NULL,
        PRIMARY KEY (task_id, kind, name)) WITHOUT ROWID;
    CREATE INDEX task_assignees_name ON task_assignees(kind, name);

    CREATE TABLE timers(
        id TEXT PRIMARY KEY NOT NULL,
        instance_id TEXT NOT NULL REFERENCES instances(id),
        kind TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}');
    CREATE INDEX timers_due ON timers(due_at, id);
    CREATE INDEX timers_instance ON timers(instance_id);

    CREATE TABLE steps(
        key TEXT PRIMARY KEY NOT NULL,
        instance_id TEXT NOT NULL REFERENCES instances(id),
        state TEXT NOT NULL,
        handler TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('intent','done','failed','flagged')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        result TEXT);
    CREATE INDEX steps_intent ON steps(started_at, key) WHERE status = 'intent';
    CREATE INDEX steps_instance ON steps(instance_id);

    CREATE TABLE ready(
        instance_id TEXT PRIMARY KEY NOT NULL REFERENCES instances(id),
        since INTEGER NOT NULL);
    CREATE INDEX ready_since ON ready(since, instance_id);

    CREATE TABLE schedules(
        workflow_id TEXT NOT NULL,
        entry INTEGER NOT NULL,
        last_fire INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, entry)) WITHOUT ROWID;

    CREATE TABLE trail(
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        instance TEXT NOT NULL,
        definition TEXT NOT NULL,
        event TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        person TEXT NOT NULL,
        account TEXT NOT NULL,
        host TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        details TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL);
    CREATE INDEX trail_instance ON trail(instance, seq);
    CREATE INDEX trail_person ON trail(person, seq);
    CREATE INDEX trail_at ON trail(at);
    CREATE TRIGGER trail_no_update BEFORE UPDATE ON trail
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER trail_no_delete BEFORE DELETE ON trail
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER trail_chain BEFORE INSERT ON trail
    WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM trail)
      OR NEW.previous_hash IS NOT coalesce((SELECT hash FROM trail ORDER BY seq DESC LIMIT 1),
                                           '0000000000000000000000000000000000000000000000000000000000000000')
    BEGIN SELECT RAISE(ABORT, 'the audit trail must stay contiguous and chained'); END;

    CREATE TABLE checkpoints(
        size INTEGER PRIMARY KEY,
        root TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        key_id TEXT,
        signature TEXT);

    CREATE TABLE meta(
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL);
    -- The store's id: the origin line of its trail checkpoints.
    INSERT INTO meta(key, value) VALUES ('store-id', lower(hex(randomblob(16))));
    """
}
