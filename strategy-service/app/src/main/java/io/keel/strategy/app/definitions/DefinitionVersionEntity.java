package io.keel.strategy.app.definitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Generated;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One immutable version of a definition ({@code strategy.definition_version}): written once, never changed. */
@Entity
@Table(name = "definition_version")
@IdClass(DefinitionVersionEntity.Key.class)
public class DefinitionVersionEntity extends PanacheEntityBase {

    /** The primary key: definition and version number (1, 2, ... without gaps). */
    public static class Key implements Serializable {
        public Long definitionId;
        public Integer version;

        public Key() {
        }

        public Key(long definitionId, int version) {
            this.definitionId = definitionId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(definitionId, k.definitionId) && Objects.equals(version, k.version);
        }

        @Override
        public int hashCode() {
            return Objects.hash(definitionId, version);
        }
    }

    @Id
    @Column(name = "definition_id")
    public Long definitionId;

    @Id
    public Integer version;

    /** The canonical JSON body (stored as jsonb). */
    @Column(columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String body;

    /** Set by the database on insert and read back by Hibernate (the API answers it at once). */
    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
