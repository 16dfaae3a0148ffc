package io.keel.strategy.app.portfolios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.List;

/** One order of an order list ({@code strategy.portfolio_order}); only its filled quantity ever changes. */
@Entity
@Table(name = "portfolio_order")
public class OrderEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_list_id")
    public long orderListId;

    @Column(name = "portfolio_id")
    public long portfolioId;

    public int position;

    public String symbol;

    /** BUY or SELL. */
    public String side;

    /** Shares. */
    public BigDecimal quantity;

    public long lots;

    @Column(name = "lot_size")
    public BigDecimal lotSize;

    /** Currency per share. */
    @Column(name = "reference_price")
    public BigDecimal referencePrice;

    /** Currency. */
    public BigDecimal notional;

    /** Currency. */
    @Column(name = "estimated_cost")
    public BigDecimal estimatedCost;

    /** Shares filled so far. */
    @Column(name = "filled_quantity")
    public BigDecimal filledQuantity;

    public static List<OrderEntity> ofList(long orderListId) {
        return list("orderListId = ?1 order by position", orderListId);
    }
}
