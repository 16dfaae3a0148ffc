-- Definition names are unique regardless of case among live definitions (issue 17): "Level63" and "level63" both
-- got created, and users read them as one strategy. Names keep the case they were created with; lookups by name stay
-- exact. Names are ASCII (letters, digits, '.', '_', '-'; DefinitionValidator), so lower() is locale-independent.
--
-- Live definitions that already differ only by case keep their data: the oldest keeps its name, each later one is
-- renamed to <name>-<id> (its versions' JSON still shows the old name), and the rename is in the audit trail.
INSERT INTO audit_event (principal, action, definition, detail)
SELECT 'system', 'definition.renamed', left(d.name, 80) || '-' || d.id,
       'renamed from ''' || d.name || ''' by migration V7: another live definition has the same name regardless of case'
FROM definition d
WHERE d.deleted_at IS NULL
  AND EXISTS (SELECT 1 FROM definition o WHERE o.deleted_at IS NULL AND lower(o.name) = lower(d.name) AND o.id < d.id);

UPDATE definition d SET name = left(d.name, 80) || '-' || d.id, updated_at = now()
WHERE d.deleted_at IS NULL
  AND EXISTS (SELECT 1 FROM definition o WHERE o.deleted_at IS NULL AND lower(o.name) = lower(d.name) AND o.id < d.id);

DROP INDEX definition_live_name_uq;
CREATE UNIQUE INDEX definition_live_name_uq ON definition (lower(name)) WHERE deleted_at IS NULL;
