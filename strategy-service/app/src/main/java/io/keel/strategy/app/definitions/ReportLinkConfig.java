package io.keel.strategy.app.definitions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where report-service is, as a browser reaches it; prefix {@code keel.report} (env {@code KEEL_REPORT_URL}). */
@ConfigMapping(prefix = "keel.report")
public interface ReportLinkConfig {

    /** report-service's base URL, where the definitions page opens a run's tearsheet. */
    @WithDefault("http://127.0.0.1:8083")
    String url();
}
