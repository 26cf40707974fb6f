/// The PostgreSQL store's schema: the embedded store's tables, with the trail in chains.
///
/// Text columns compare byte by byte (`COLLATE "C"`), as SQLite's do, so lists page the same
/// whatever the database's locale. Migrations are applied under an advisory lock, so workers
/// starting together set the schema up once.
enum PostgresSchema {
    /// The version this code writes and reads (`steward_schema`).
    static var currentVersion: Int { migrations.count }

    /// Migration n (1-based) turns a version n-1 store into version n. Never edit a shipped one.
    static let migrations: [String] = [version1]

    /// The functions and triggers that keep the trail append-only, by name, with the text they
    /// are made from: `audit verify` compares the server's copies with these.
    static let guardTriggers = [
        "trail_chain": "trail", "trail_no_change": "trail", "trail_no_truncate": "trail",
        "trail_chains_guard": "trail_chains", "trail_chains_no_truncate": "trail_chains",
        "instances_chain": "instances",
    ]

    private static let version1 = #"""
    CREATE TABLE meta(key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
    INSERT INTO meta(key, value) VALUES ('store-id', md5(random()::text || clock_timestamp()::text));

    CREATE TABLE definitions(
        hash text COLLATE "C" PRIMARY KEY,
        workflow_id text COLLATE "C" NOT NULL,
        source bytea NOT NULL,
        created_at bigint NOT NULL);
    CREATE INDEX definitions_workflow ON definitions(workflow_id, created_at);

    CREATE TABLE environments(
        hash text COLLATE "C" PRIMARY KEY,
        source bytea NOT NULL,
        created_at bigint NOT NULL);

    -- chain: the trail chain of the instance's family, set by instances_chain on insert.
    CREATE TABLE instances(
        id text COLLATE "C" PRIMARY KEY,
        workflow_id text COLLATE "C" NOT NULL,
        definition_hash text COLLATE "C" NOT NULL REFERENCES definitions(hash),
        parent_id text COLLATE "C",
        status text COLLATE "C" NOT NULL CHECK (status IN ('running','completed','rejected','cancelled','failed')),
        state bytea NOT NULL,
        version bigint NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        environment text COLLATE "C",
        chain integer NOT NULL) WITH (fillfactor = 80);
    CREATE INDEX instances_status ON instances(status, id);
    CREATE INDEX instances_parent ON instances(parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX instances_definition ON instances(definition_hash);
    CREATE INDEX instances_started ON instances(created_at, id);
    CREATE INDEX instances_status_started ON instances(status, created_at, id);
    CREATE INDEX instances_workflow_started ON instances(workflow_id, created_at, id);

    CREATE TABLE tasks(
        id text COLLATE "C" PRIMARY KEY,
        instance_id text COLLATE "C" NOT NULL REFERENCES instances(id),
        state text COLLATE "C" NOT NULL,
        title text NOT NULL,
        assignees text NOT NULL DEFAULT '[]',
        roles text NOT NULL DEFAULT '[]',
        opened_at bigint NOT NULL,
        due_at bigint,
        status text COLLATE "C" NOT NULL CHECK (status IN ('open','closed')));
    CREATE INDEX tasks_status ON tasks(status, due_at, id);
    CREATE INDEX tasks_instance ON tasks(instance_id);

    CREATE TABLE task_assignees(
        task_id text COLLATE "C" NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('person','role')),
        name text COLLATE "C" NOT NULL,
        PRIMARY KEY (task_id, kind, name));
    CREATE INDEX task_assignees_name ON task_assignees(kind, name);

    CREATE TABLE timers(
        id text COLLATE "C" PRIMARY KEY,
        instance_id text COLLATE "C" NOT NULL REFERENCES instances(id),
        kind text COLLATE "C" NOT NULL,
        due_at bigint NOT NULL,
        payload text NOT NULL DEFAULT '{}');
    CREATE INDEX timers_due ON timers(due_at, id);
    CREATE INDEX timers_instance ON timers(instance_id);

    CREATE TABLE steps(
        key text COLLATE "C" PRIMARY KEY,
        instance_id text COLLATE "C" NOT NULL REFERENCES instances(id),
        state text COLLATE "C" NOT NULL,
        handler text COLLATE "C" NOT NULL,
        attempt bigint NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('intent','done','failed','flagged')),
        started_at bigint NOT NULL,
        finished_at bigint,
        result text);
    CREATE INDEX steps_intent ON steps(started_at, key) WHERE status = 'intent';
    CREATE INDEX steps_instance ON steps(instance_id);
    CREATE INDEX steps_flagged ON steps(instance_id) WHERE status = 'flagged';

    CREATE TABLE ready(
        instance_id text COLLATE "C" PRIMARY KEY REFERENCES instances(id),
        since bigint NOT NULL);
    CREATE INDEX ready_since ON ready(since, instance_id);

    CREATE TABLE schedules(
        workflow_id text COLLATE "C" NOT NULL,
        entry bigint NOT NULL,
        last_fire bigint NOT NULL,
        PRIMARY KEY (workflow_id, entry));

    -- Singleton work (scheduled starts, automatic checkpoints, …) is done by whichever worker
    -- holds its lease; a lease that is not renewed runs out and another worker takes it.
    CREATE TABLE leases(
        name text COLLATE "C" PRIMARY KEY,
        holder text NOT NULL,
        expires_at bigint NOT NULL);

    -- The trail, in chains: each chain contiguous from seq 1 and hash-linked from its own
    -- genesis hash. trail_chains holds each chain's head; only the trail trigger moves it.
    CREATE TABLE trail_chains(
        chain integer PRIMARY KEY,
        seq bigint NOT NULL,
        hash text COLLATE "C" NOT NULL) WITH (fillfactor = 50);
    CREATE TABLE trail(
        chain integer NOT NULL,
        seq bigint NOT NULL,
        at bigint NOT NULL,
        instance text COLLATE "C" NOT NULL,
        definition text COLLATE "C" NOT NULL,
        event text COLLATE "C" NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        person text COLLATE "C" NOT NULL,
        account text NOT NULL,
        host text NOT NULL,
        engine_version text NOT NULL,
        details text NOT NULL,
        previous_hash text COLLATE "C" NOT NULL,
        hash text COLLATE "C" NOT NULL,
        PRIMARY KEY (chain, seq));
    CREATE INDEX trail_instance ON trail(instance, chain, seq);
    CREATE INDEX trail_person ON trail(person, chain, seq);
    CREATE INDEX trail_at ON trail(at);

    CREATE TABLE checkpoints(
        size bigint PRIMARY KEY,
        root text NOT NULL,
        created_at bigint NOT NULL,
        key_id text,
        signature text);
    -- What a checkpoint of a trail in chains states of each chain (its size and root); none
    -- for a trail of one chain, whose checkpoint is its size and root alone.
    CREATE TABLE checkpoint_chains(
        size bigint NOT NULL REFERENCES checkpoints(size),
        chain integer NOT NULL,
        chain_size bigint NOT NULL,
        root text COLLATE "C" NOT NULL,
        PRIMARY KEY (size, chain));

    -- The SQL form of a trail entry's leaf hash (docs/trail-format.md): the trigger recomputes
    -- it, so a row whose fields do not match its hash is refused.
    CREATE FUNCTION stw_leaf_hash(seq bigint, at bigint, instance text, definition text, event text,
        from_state text, to_state text, person text, account text, host text, engine_version text,
        details text, previous_hash text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE
        b bytea := '\x00'::bytea || convert_to('steward-trail-v1', 'UTF8') || int8send(seq) || int8send(at);
        f text;
    BEGIN
        FOREACH f IN ARRAY ARRAY[instance, definition, event, from_state, to_state, person, account,
                                 host, engine_version, details, previous_hash] LOOP
            b := b || int4send(octet_length(f)) || convert_to(f, 'UTF8');
        END LOOP;
        RETURN encode(sha256(b), 'hex');
    END $$;

    CREATE FUNCTION stw_trail_seal() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        head record;
    BEGIN
        SELECT seq, hash INTO head FROM trail_chains WHERE chain = NEW.chain FOR UPDATE;
        IF NOT FOUND OR NEW.seq <> head.seq + 1 OR NEW.previous_hash <> head.hash
           OR NEW.hash <> stw_leaf_hash(NEW.seq, NEW.at, NEW.instance, NEW.definition, NEW.event, NEW.from_state,
                                        NEW.to_state, NEW.person, NEW.account, NEW.host, NEW.engine_version,
                                        NEW.details, NEW.previous_hash) THEN
            RAISE EXCEPTION 'the audit trail must stay contiguous and chained' USING ERRCODE = 'P0001';
        END IF;
        UPDATE trail_chains SET seq = NEW.seq, hash = NEW.hash WHERE chain = NEW.chain;
        RETURN NEW;
    END $$;

    -- A chain's head moves only from inside the trail's own trigger (a nested trigger, depth 2);
    -- an UPDATE anyone types is at depth 1.
    CREATE FUNCTION stw_trail_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'trail_chains' AND TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'P0001';
    END $$;

    -- A new instance joins its parent's chain; a root picks one by its id. An instance copied
    -- from an embedded store (store migrate) comes with its chain, 0.
    CREATE FUNCTION stw_instance_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        chains integer := (SELECT count(*) FROM trail_chains);
    BEGIN
        IF NEW.chain IS NOT NULL THEN
            RETURN NEW;
        ELSIF NEW.parent_id IS NOT NULL THEN
            NEW.chain := coalesce((SELECT chain FROM instances WHERE id = NEW.parent_id), 0);
        ELSIF chains > 1 THEN
            NEW.chain := (('x' || substr(encode(sha256(convert_to(NEW.id, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint
                          % chains)::integer;
        ELSE
            NEW.chain := 0;
        END IF;
        RETURN NEW;
    END $$;

    CREATE TRIGGER trail_chain BEFORE INSERT ON trail FOR EACH ROW EXECUTE FUNCTION stw_trail_seal();
    CREATE TRIGGER trail_no_change BEFORE UPDATE OR DELETE ON trail FOR EACH ROW EXECUTE FUNCTION stw_trail_refuse();
    CREATE TRIGGER trail_no_truncate BEFORE TRUNCATE ON trail FOR EACH STATEMENT EXECUTE FUNCTION stw_trail_refuse();
    CREATE TRIGGER trail_chains_guard BEFORE UPDATE OR DELETE OR INSERT ON trail_chains
        FOR EACH ROW EXECUTE FUNCTION stw_trail_refuse();
    CREATE TRIGGER trail_chains_no_truncate BEFORE TRUNCATE ON trail_chains
        FOR EACH STATEMENT EXECUTE FUNCTION stw_trail_refuse();
    CREATE TRIGGER instances_chain BEFORE INSERT ON instances FOR EACH ROW EXECUTE FUNCTION stw_instance_chain();

    -- Queue-like tables: vacuum them often, so claims keep finding live rows fast.
    ALTER TABLE timers SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
    ALTER TABLE ready SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
    ALTER TABLE steps SET (autovacuum_vacuum_scale_factor = 0.05);
    ALTER TABLE task_assignees SET (autovacuum_vacuum_scale_factor = 0.05);
    """#
}
