/** Plugins that the end-to-end tests load next to the jdbc store plugin, built into archives by the tests. */
package io.theia.store.jdbc.testplugins;
