/** The event: the one value every part of theia passes around. */
package io.theia.api.event;
