/** Plugins that the end-to-end tests load next to the file source plugin, built into archives by the tests. */
package io.theia.watcher.testplugins;
