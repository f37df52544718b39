/// Each `*.bad.yml` fixture and the exact error it must produce (`file:line:column: path: message`).
enum BadFixtures {
    static let messages: [String: String] = [
        "bad-duration-order.bad.yml":
            #"bad-duration-order.bad.yml:3:22: scrape_configs[0].scrape_interval: not a valid duration string: "30s1m""#,
        "bad-duration.bad.yml":
            #"bad-duration.bad.yml:2:20: global.scrape_interval: not a valid duration string: "15""#,
        "bad-regex.bad.yml":
            #"bad-regex.bad.yml:5:16: scrape_configs[0].relabel_configs[0].regex: invalid regex "(a)\\1": invalid escape sequence: `\1` (backreferences are not supported)"#,
        "tls-ca-and-ca-file.bad.yml":
            #"tls-ca-and-ca-file.bad.yml:5:16: scrape_configs[0].tls_config: at most one of ca and ca_file must be configured"#,
        "tls-key-without-cert.bad.yml":
            #"tls-key-without-cert.bad.yml:4:12: scrape_configs[0].tls_config: exactly one of cert or cert_file must be configured when a client key is configured"#,
        "bool.bad.yml":
            #"bool.bad.yml:3:19: scrape_configs[0].honor_labels: invalid boolean "maybe": use true or false"#,
        "duplicate-job.bad.yml":
            #"duplicate-job.bad.yml:4:5: scrape_configs[2]: found multiple scrape configs with job name "node" (first on line 2)"#,
        "duplicate-key.bad.yml":
            #"duplicate-key.bad.yml:3:5: field "scrape_interval" is set more than once in the same mapping"#,
        "external-label-name.bad.yml":
            #"external-label-name.bad.yml:4:5: global.external_labels: "__name__" is not a valid label name"#,
        "global-timeout-greater.bad.yml":
            #"global-timeout-greater.bad.yml:3:19: global.scrape_timeout: global scrape_timeout 1m greater than scrape_interval 10s"#,
        "hashmod-modulus.bad.yml":
            #"hashmod-modulus.bad.yml:4:9: scrape_configs[0].relabel_configs[0]: relabel configuration for hashmod requires non-zero modulus"#,
        "job-name-missing.bad.yml":
            #"job-name-missing.bad.yml:2:5: scrape_configs[0]: job_name is empty"#,
        "labeldrop-extra.bad.yml":
            #"labeldrop-extra.bad.yml:5:23: scrape_configs[0].metric_relabel_configs[0]: labeldrop action requires only 'regex', and no other fields"#,
        "legacy-label-name.bad.yml":
            #"legacy-label-name.bad.yml:8:11: scrape_configs[0].static_configs[0].labels: "app.kubernetes.io/name" is not a valid label name"#,
        "relabel-action.bad.yml":
            #"relabel-action.bad.yml:5:17: scrape_configs[0].metric_relabel_configs[0].action: unknown relabel action "delete"; expected one of: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase"#,
        "relabel-missing-target.bad.yml":
            #"relabel-missing-target.bad.yml:4:9: scrape_configs[0].relabel_configs[0]: relabel configuration for replace action requires 'target_label' value"#,
        "rule-glob.bad.yml":
            #"rule-glob.bad.yml:2:5: rule_files[0]: invalid file glob "rules/[a-z.yml": syntax error in pattern"#,
        "native-histogram-bucket-limit.bad.yml":
            #"native-histogram-bucket-limit.bad.yml:3:36: scrape_configs[0].native_histogram_bucket_limit: invalid unsigned integer "-1": expected a whole number >= 0"#,
        "native-histogram-min-bucket-factor.bad.yml":
            #"native-histogram-min-bucket-factor.bad.yml:4:41: scrape_configs[0].native_histogram_min_bucket_factor: native_histogram_min_bucket_factor must be >= 0, got -1.5"#,
        "sample-limit.bad.yml":
            #"sample-limit.bad.yml:3:19: scrape_configs[0].sample_limit: invalid unsigned integer "-1": expected a whole number >= 0"#,
        "scheme.bad.yml":
            #"scheme.bad.yml:3:13: scrape_configs[0].scheme: invalid scheme "ftp": expected "http" or "https""#,
        "target-url.bad.yml":
            #"target-url.bad.yml:4:19: scrape_configs[0].static_configs[0].targets[0]: "http://node:9100/metrics" is not a valid hostname: use host:port and set scheme/metrics_path"#,
        "timeout-greater.bad.yml":
            #"timeout-greater.bad.yml:4:21: scrape_configs[0].scrape_timeout: scrape_timeout 30s greater than scrape_interval 15s in job "node""#,
        "unknown-field.bad.yml":
            #"unknown-field.bad.yml:8:5: scrape_configs[0]: unknown field "scrape_intervall""#,
        "unknown-top-level.bad.yml":
            #"unknown-top-level.bad.yml:1:1: unknown field "scrape_config""#,
        "wrong-type.bad.yml":
            #"wrong-type.bad.yml:2:3: scrape_configs: expected a list, got a mapping"#,
        "yaml-syntax.bad.yml":
            #"yaml-syntax.bad.yml:3:4: invalid YAML: did not find expected '-' indicator while parsing a block collection"#,
        "authorization-basic.bad.yml":
            #"authorization-basic.bad.yml:4:13: scrape_configs[0].authorization.type: authorization type cannot be set to "basic", use "basic_auth" instead"#,
        "basic-auth-and-bearer.bad.yml":
            #"basic-auth-and-bearer.bad.yml:4:7: scrape_configs[0]: at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"#,
        "basic-auth-password-file.bad.yml":
            #"basic-auth-password-file.bad.yml:6:22: scrape_configs[0].basic_auth: at most one of basic_auth password & password_file must be configured"#,
        "no-proxy-without-proxy.bad.yml":
            #"no-proxy-without-proxy.bad.yml:3:15: scrape_configs[0]: if no_proxy is configured, proxy_url must also be configured"#,
        "oauth2-token-url.bad.yml":
            #"oauth2-token-url.bad.yml:4:7: scrape_configs[0].oauth2: oauth2 token_url must be configured"#,
        "proxy-url.bad.yml":
            #"proxy-url.bad.yml:3:16: scrape_configs[0].proxy_url: invalid URL "proxy.internal:3128": expected scheme://host[:port][/path]"#,
        "reserved-header.bad.yml":
            #"reserved-header.bad.yml:6:7: scrape_configs[0].http_headers: setting header "User-Agent" is not allowed"#,
        "tls-cert-without-key.bad.yml":
            #"tls-cert-without-key.bad.yml:5:18: scrape_configs[0].tls_config: exactly one of key or key_file must be configured when a client certificate is configured"#,
        "tls-unknown-field.bad.yml":
            #"tls-unknown-field.bad.yml:5:7: scrape_configs[0].tls_config: unknown field "insecure""#,
        "tls-version.bad.yml":
            #"tls-version.bad.yml:4:20: scrape_configs[0].tls_config.min_version: unknown TLS version "TLS1.2"; expected one of: TLS10, TLS11, TLS12, TLS13"#,
        "file-sd-empty.bad.yml":
            #"file-sd-empty.bad.yml:4:9: scrape_configs[0].file_sd_configs[0]: file service discovery config must contain at least one path name"#,
        "file-sd-extension.bad.yml":
            #"file-sd-extension.bad.yml:4:17: scrape_configs[0].file_sd_configs[0].files[0]: path name "targets/*.txt" is not valid for file discovery: it must end in .json, .yml or .yaml and only the last path segment may contain "*""#,
        "http-sd-scheme.bad.yml":
            #"http-sd-scheme.bad.yml:4:14: scrape_configs[0].http_sd_configs[0].url: URL scheme must be 'http' or 'https'"#,
        "http-sd-url-missing.bad.yml":
            #"http-sd-url-missing.bad.yml:4:9: scrape_configs[0].http_sd_configs[0]: URL is missing"#,
        "kubernetes-http-without-api-server.bad.yml":
            #"kubernetes-http-without-api-server.bad.yml:4:9: scrape_configs[0].kubernetes_sd_configs[0]: to use custom HTTP client configuration please provide the 'api_server' URL explicitly"#,
        "kubernetes-kubeconfig-and-api-server.bad.yml":
            #"kubernetes-kubeconfig-and-api-server.bad.yml:6:26: scrape_configs[0].kubernetes_sd_configs[0]: cannot use 'kubeconfig_file' and 'api_server' simultaneously"#,
        "kubernetes-role-missing.bad.yml":
            #"kubernetes-role-missing.bad.yml:4:9: scrape_configs[0].kubernetes_sd_configs[0]: role missing (one of: pod, service, endpoints, endpointslice, node, ingress)"#,
        "kubernetes-role-unknown.bad.yml":
            #"kubernetes-role-unknown.bad.yml:4:15: scrape_configs[0].kubernetes_sd_configs[0].role: unknown Kubernetes SD role "deployment"; expected one of: pod, service, endpoints, endpointslice, node, ingress"#,
        "kubernetes-selector-role.bad.yml":
            #"kubernetes-selector-role.bad.yml:6:19: scrape_configs[0].kubernetes_sd_configs[0].selectors[0].role: service role supports only service selectors"#,
        "unsupported-sd.bad.yml":
            #"unsupported-sd.bad.yml:4:7: scrape_configs[0]: consul_sd_configs is not supported by Sextant; use static_configs, file_sd_configs, http_sd_configs or kubernetes_sd_configs"#,
        "alerting-unknown-field.bad.yml":
            #"alerting-unknown-field.bad.yml:2:3: alerting: unknown field "alertmanager""#,
        "alertmanager-api-version.bad.yml":
            #"alertmanager-api-version.bad.yml:3:20: alerting.alertmanagers[0].api_version: expected Alertmanager api version to be one of [v2] but got "v1""#,
        "otlp-promote.bad.yml":
            #"otlp-promote.bad.yml:3:32: otlp: 'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously"#,
        "queue-shards.bad.yml":
            #"queue-shards.bad.yml:5:19: remote_write[0].queue_config: min_shards 5 greater than max_shards 2"#,
        "remote-write-duplicate-name.bad.yml":
            #"remote-write-duplicate-name.bad.yml:4:5: remote_write[1]: found multiple remote_write configs with name "main""#,
        "remote-write-header.bad.yml":
            #"remote-write-header.bad.yml:4:7: remote_write[0].headers: Content-Type is a reserved header. It must not be changed"#,
        "remote-write-sigv4.bad.yml":
            #"remote-write-sigv4.bad.yml:4:7: remote_write[0]: sigv4 is not supported by Sextant"#,
        "remote-write-url.bad.yml":
            #"remote-write-url.bad.yml:2:5: remote_write[0]: url for remote_write is empty"#,
        "scrape-config-files-duplicate.bad.yml":
            #"scrape-configs/extra.yml:2:5: scrape_configs[0]: found multiple scrape configs with job name "from-file" (first at scrape-config-files-duplicate.bad.yml:4)"#,
        "escaping-legacy.bad.yml":
            #"escaping-legacy.bad.yml:4:34: scrape_configs[0].metric_name_escaping_scheme: metric_name_escaping_scheme allow-utf-8 cannot be used with metric_name_validation_scheme legacy"#,
    ]
}
