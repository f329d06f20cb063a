/** The root of the theia API: the common exception type. */
package io.theia.api;
