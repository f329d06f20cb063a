/**
 * The {@code syslog} source plugin: receives RFC 5424 and RFC 3164 messages over UDP and TCP (octet counting and
 * line framing) and delivers them as events. Entry points: {@link io.theia.source.syslog.SyslogSourceFactory} and
 * {@link io.theia.source.syslog.SyslogSourceConfig}; see docs/syslog.md.
 */
package io.theia.source.syslog;
