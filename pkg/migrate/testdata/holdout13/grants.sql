GRANT USAGE ON SCHEMA eventstore, projections, auth, zitadel TO {{role}};
GRANT ALL ON ALL TABLES IN SCHEMA eventstore, projections, auth, zitadel, public TO {{role}};
GRANT ALL ON ALL SEQUENCES IN SCHEMA eventstore, projections, auth, zitadel, public TO {{role}};
ALTER DEFAULT PRIVILEGES IN SCHEMA eventstore, projections, auth, zitadel, public GRANT ALL ON TABLES TO {{role}};
ALTER DEFAULT PRIVILEGES IN SCHEMA eventstore, projections, auth, zitadel, public GRANT ALL ON SEQUENCES TO {{role}};
