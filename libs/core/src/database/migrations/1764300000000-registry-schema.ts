import { MigrationInterface, QueryRunner } from 'typeorm';

const TERRITORY_KINDS = `'REPUBLIC','OBLAST','CITY_REP','DISTRICT','CITY_OBL','DISTRICT_IN_CITY','CITY_DIST','RURAL_DISTRICT','SETTLEMENT'`;
const AGENCY_KINDS = `'GOVERNMENT','MINISTRY','COMMITTEE','AGENCY','AKIMAT','AKIM','DEPARTMENT','MASLIKHAT','LOCAL_SELF_GOVERNMENT','QUASI_STATE','OTHER'`;
const LEVELS = `'CENTRAL','REGIONAL','DISTRICT','RURAL'`;
const FUNCTION_TYPES = `'STRATEGIC','REGULATORY','IMPLEMENTING','CONTROL'`;
const FUNCTION_STATUSES = `'DRAFT','ACTIVE','UNDER_REVIEW','TRANSFERRED','ABOLISHED'`;
const ACT_TYPES = `'CONSTITUTION','CODE','CONSTITUTIONAL_LAW','LAW','PRESIDENTIAL_DECREE','GOVERNMENT_RESOLUTION','MINISTERIAL_ORDER','MASLIKHAT_DECISION','AKIMAT_RESOLUTION','REGULATION','OTHER'`;
const ACT_STATUSES = `'IN_FORCE','NOT_YET_IN_FORCE','SUSPENDED','REPEALED'`;

/** The registry: territories, agencies, legal acts, functions, their legal basis, tags and history. */
export class RegistrySchema1764300000000 implements MigrationInterface {
  name = 'RegistrySchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await q.query(`
      CREATE TABLE territory (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kato char(9) CONSTRAINT territory_kato_key UNIQUE CONSTRAINT territory_kato_format CHECK (kato ~ '^[0-9]{9}$'),
        kind text NOT NULL CONSTRAINT territory_kind_check CHECK (kind IN (${TERRITORY_KINDS})),
        name_ru text,
        name_kk text,
        name_en text,
        parent_id uuid REFERENCES territory(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX territory_parent_idx ON territory (parent_id)`);

    await q.query(`
      CREATE TABLE agency (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT agency_code_key UNIQUE,
        name_ru text NOT NULL,
        name_kk text,
        name_en text,
        kind text NOT NULL DEFAULT 'OTHER' CONSTRAINT agency_kind_check CHECK (kind IN (${AGENCY_KINDS})),
        level text NOT NULL CONSTRAINT agency_level_check CHECK (level IN (${LEVELS})),
        territory_kinds text[] NOT NULL DEFAULT '{}'
          CONSTRAINT agency_territory_kinds_check CHECK (territory_kinds <@ ARRAY[${TERRITORY_KINDS}]::text[]),
        territory_kato char(9) CONSTRAINT agency_territory_kato_format CHECK (territory_kato ~ '^[0-9]{9}$'),
        collegial boolean NOT NULL DEFAULT false,
        parent_id uuid REFERENCES agency(id),
        archived_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agency_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX agency_parent_idx ON agency (parent_id)`);
    await q.query(`CREATE INDEX agency_level_idx ON agency (level)`);
    await q.query(`CREATE INDEX agency_territory_idx ON agency (territory_kato)`);

    await q.query(`
      CREATE TABLE structural_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id),
        code text,
        name_ru text NOT NULL,
        name_kk text,
        parent_id uuid REFERENCES structural_unit(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT structural_unit_agency_code_key UNIQUE (agency_id, code)
      )`);
    await q.query(`
      CREATE TABLE agency_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id),
        code text,
        title_ru text NOT NULL,
        title_kk text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agency_task_agency_code_key UNIQUE (agency_id, code)
      )`);

    await q.query(`
      CREATE TABLE legal_act (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        act_type text NOT NULL DEFAULT 'OTHER' CONSTRAINT legal_act_type_check CHECK (act_type IN (${ACT_TYPES})),
        number text,
        adopted_on date,
        title text NOT NULL,
        adilet_code text CONSTRAINT legal_act_adilet_code_key UNIQUE,
        url text,
        status text NOT NULL DEFAULT 'IN_FORCE' CONSTRAINT legal_act_status_check CHECK (status IN (${ACT_STATUSES})),
        archived_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Acts without an adilet code are matched by their full title on import.
    await q.query(
      `CREATE UNIQUE INDEX legal_act_title_without_code_key ON legal_act (md5(title)) WHERE adilet_code IS NULL`,
    );

    await q.query(`CREATE SEQUENCE state_function_code_seq`);
    await q.query(`
      CREATE TABLE state_function (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL DEFAULT ('F-' || lpad(nextval('state_function_code_seq')::text, 7, '0'))
          CONSTRAINT state_function_code_key UNIQUE,
        external_id text CONSTRAINT state_function_external_id_key UNIQUE,
        lang text NOT NULL DEFAULT 'ru' CONSTRAINT state_function_lang_check CHECK (lang IN ('ru', 'kk')),
        title_ru text,
        title_kk text,
        description text,
        type text CONSTRAINT state_function_type_check CHECK (type IN (${FUNCTION_TYPES})),
        holder_id uuid NOT NULL REFERENCES agency(id),
        task_id uuid REFERENCES agency_task(id),
        structural_unit_id uuid REFERENCES structural_unit(id),
        sector text,
        supporting boolean,
        status text NOT NULL DEFAULT 'DRAFT' CONSTRAINT state_function_status_check CHECK (status IN (${FUNCTION_STATUSES})),
        in_force_from date,
        source_act_id uuid REFERENCES legal_act(id),
        template_id uuid REFERENCES state_function(id),
        archived_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_vector tsvector GENERATED ALWAYS AS (
          to_tsvector('russian'::regconfig, coalesce(title_ru, '') || ' ' || coalesce(description, ''))
        ) STORED,
        CONSTRAINT state_function_has_title CHECK (coalesce(title_ru, title_kk) IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX state_function_holder_idx ON state_function (holder_id)`);
    await q.query(`CREATE INDEX state_function_status_type_idx ON state_function (status, type)`);
    await q.query(`CREATE INDEX state_function_sector_idx ON state_function (sector)`);
    await q.query(`CREATE INDEX state_function_template_idx ON state_function (template_id)`);
    await q.query(`CREATE INDEX state_function_source_act_idx ON state_function (source_act_id)`);
    await q.query(`CREATE INDEX state_function_search_idx ON state_function USING gin (search_vector)`);
    await q.query(`CREATE INDEX state_function_title_trgm_idx ON state_function USING gin (title_ru gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE function_co_executor (
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agency(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (function_id, agency_id)
      )`);
    await q.query(`CREATE INDEX function_co_executor_agency_idx ON function_co_executor (agency_id)`);

    await q.query(`
      CREATE TABLE legal_basis (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        legal_act_id uuid NOT NULL REFERENCES legal_act(id),
        article text,
        clause text,
        subclause text,
        quote text,
        url text,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX legal_basis_function_idx ON legal_basis (function_id, position)`);
    await q.query(`CREATE INDEX legal_basis_act_idx ON legal_basis (legal_act_id)`);

    await q.query(`
      CREATE TABLE tag_vocabulary (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT tag_vocabulary_code_key UNIQUE CONSTRAINT tag_vocabulary_code_format CHECK (code ~ '^[a-z0-9][a-z0-9_-]*$'),
        name text NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE tag (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vocabulary_id uuid REFERENCES tag_vocabulary(id),
        value text NOT NULL CONSTRAINT tag_value_not_blank CHECK (btrim(value) <> ''),
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tag_vocabulary_value_key UNIQUE NULLS NOT DISTINCT (vocabulary_id, value)
      )`);
    await q.query(`
      CREATE TABLE function_tag (
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        tag_id uuid NOT NULL REFERENCES tag(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (function_id, tag_id)
      )`);
    await q.query(`CREATE INDEX function_tag_tag_idx ON function_tag (tag_id)`);

    // Reference classifications: Kazakhstan's functional classification of budget expenditures and
    // UN COFOG, with a working crosswalk between them.
    await q.query(`
      CREATE TABLE classification_code (
        scheme text NOT NULL CONSTRAINT classification_scheme_check CHECK (scheme IN ('KZ_FUNCTIONAL', 'COFOG')),
        code text NOT NULL,
        parent_code text,
        name_ru text,
        name_kk text,
        name_en text,
        PRIMARY KEY (scheme, code)
      )`);
    await q.query(`
      CREATE TABLE classification_mapping (
        from_scheme text NOT NULL,
        from_code text NOT NULL,
        to_scheme text NOT NULL,
        to_code text NOT NULL,
        note text,
        official boolean NOT NULL DEFAULT false,
        PRIMARY KEY (from_scheme, from_code, to_scheme, to_code),
        FOREIGN KEY (from_scheme, from_code) REFERENCES classification_code (scheme, code),
        FOREIGN KEY (to_scheme, to_code) REFERENCES classification_code (scheme, code)
      )`);

    // History: every change of a function is kept as a numbered snapshot, written by the database
    // itself so that no path (GraphQL, import, SQL console) can skip it.
    await q.query(`
      CREATE TABLE function_revision (
        id bigserial PRIMARY KEY,
        function_id uuid NOT NULL,
        revision integer NOT NULL,
        operation text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by text,
        snapshot jsonb NOT NULL,
        CONSTRAINT function_revision_key UNIQUE (function_id, revision)
      )`);
    await q.query(`
      CREATE FUNCTION state_function_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.external_id := coalesce(NEW.external_id, NEW.code);
          RETURN NEW;
        END IF;
        -- Generated columns are not yet computed in a BEFORE trigger, so they are left out here.
        NEW.version := OLD.version;
        NEW.updated_at := OLD.updated_at;
        IF (to_jsonb(NEW) - 'search_vector') IS DISTINCT FROM (to_jsonb(OLD) - 'search_vector') THEN
          NEW.version := OLD.version + 1;
          NEW.updated_at := now();
        END IF;
        RETURN NEW;
      END $$`);
    // Statement-level triggers with transition tables: a bulk import of a hundred thousand rows
    // writes its revisions in one INSERT ... SELECT instead of one trigger call per row.
    await q.query(`
      CREATE FUNCTION state_function_revisions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO function_revision (function_id, revision, operation, changed_by, snapshot)
        SELECT n.id, n.version, 'INSERT', nullif(current_setting('registry.actor', true), ''), to_jsonb(n) - 'search_vector'
        FROM new_rows n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION state_function_revisions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO function_revision (function_id, revision, operation, changed_by, snapshot)
        SELECT n.id, n.version, 'UPDATE', nullif(current_setting('registry.actor', true), ''), to_jsonb(n) - 'search_vector'
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE o.version IS DISTINCT FROM n.version;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER state_function_before_write BEFORE INSERT OR UPDATE ON state_function
      FOR EACH ROW EXECUTE FUNCTION state_function_before_write()`);
    await q.query(`
      CREATE TRIGGER state_function_revision_insert AFTER INSERT ON state_function
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION state_function_revisions_inserted()`);
    await q.query(`
      CREATE TRIGGER state_function_revision_update AFTER UPDATE ON state_function
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION state_function_revisions_updated()`);
    await q.query(`CREATE INDEX state_function_updated_idx ON state_function (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'classification_mapping',
      'classification_code',
      'function_revision',
      'function_tag',
      'tag',
      'tag_vocabulary',
      'legal_basis',
      'function_co_executor',
      'state_function',
      'legal_act',
      'agency_task',
      'structural_unit',
      'agency',
      'territory',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS state_function_code_seq`);
    await q.query(`DROP FUNCTION IF EXISTS state_function_before_write()`);
    await q.query(`DROP FUNCTION IF EXISTS state_function_revisions_inserted()`);
    await q.query(`DROP FUNCTION IF EXISTS state_function_revisions_updated()`);
  }
}
