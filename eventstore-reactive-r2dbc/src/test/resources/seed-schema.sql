-- The TypeScript library's schema, copied verbatim from SPEC.md (Quick Start, 1. Database Setup).
-- Tests replace 'public.' with their own schema.
-- Events table
CREATE TABLE public.events (
  id UUID NOT NULL DEFAULT extensions.uuid_generate_v4(),
  type VARCHAR(255) NOT NULL,
  aggregate_id UUID NOT NULL,
  aggregate_type VARCHAR(255) NOT NULL,
  sequence_number INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  payload JSONB NOT NULL DEFAULT '{}'::jsonb,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  created_by UUID NOT NULL,
  CONSTRAINT events_pkey PRIMARY KEY (id)
);

CREATE INDEX idx_events_aggregate_id ON public.events USING btree (aggregate_id);
CREATE INDEX idx_events_aggregate_type ON public.events USING btree (aggregate_type);
CREATE INDEX idx_events_type ON public.events USING btree (type);

-- Sequence management table
CREATE TABLE public.aggregate_sequences (
  aggregate_id UUID NOT NULL,
  aggregate_type VARCHAR(255) NOT NULL,
  last_sequence INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT aggregate_sequences_pkey PRIMARY KEY (aggregate_id, aggregate_type)
);

-- Snapshots table
CREATE TABLE public.snapshots (
  id UUID NOT NULL DEFAULT extensions.uuid_generate_v4(),
  aggregate_id UUID NOT NULL,
  aggregate_type VARCHAR(255) NOT NULL,
  sequence_number INTEGER NOT NULL,
  state JSONB NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  CONSTRAINT snapshots_pkey PRIMARY KEY (id)
);

CREATE INDEX idx_snapshots_aggregate ON public.snapshots 
  USING btree (aggregate_id, aggregate_type, sequence_number DESC);
