package io.keel.strategy.app.definitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The header of one definition ({@code strategy.definition}): its name, whether it gets daily signals, and
 * when it was created, last changed and (softly) deleted. Rows are inserted only by
 * {@link DefinitionStore#insert}'s single statement (the case-insensitive name guarantee lives there);
 * the entity reads and changes them.
 */
@Entity
@Table(name = "definition")
public class DefinitionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Unique among live definitions regardless of case (index {@code definition_live_name_uq}, V9). */
    public String name;

    public boolean active;

    /** Set by the database on insert. */
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** The database's transaction time of the last change (a new version, (de)activation, deletion). */
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** Null while live; set by a soft delete, after which the name may be used again. */
    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;
}
