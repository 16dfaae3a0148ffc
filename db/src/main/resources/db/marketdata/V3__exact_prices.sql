-- Prices are stored exactly as the source gave them (unconstrained NUMERIC) instead of rounded to
-- 8 decimals: Yahoo's adjusted closes carry 15-17 significant digits, and rounding them moved
-- backtest figures by up to ~5e-9 against the original scripts' output (parity is 1e-9).
-- Rows already stored keep the values they had.
ALTER TABLE bar ALTER COLUMN open TYPE NUMERIC;
ALTER TABLE bar ALTER COLUMN high TYPE NUMERIC;
ALTER TABLE bar ALTER COLUMN low TYPE NUMERIC;
ALTER TABLE bar ALTER COLUMN close TYPE NUMERIC;
ALTER TABLE bar ALTER COLUMN adj_close TYPE NUMERIC;
ALTER TABLE corporate_action ALTER COLUMN value TYPE NUMERIC;
