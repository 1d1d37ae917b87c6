/**
 * HTTP/1.1 over unix domain sockets on Netty's HTTP codec and epoll transport: the admin socket's
 * server and client, and the LXD/Incus REST API with its events websocket (ADR 0015). One request
 * per connection ({@code Connection: close}); parsing is Netty's, this package only maps its
 * results to herald's records and errors.
 */
package dev.herald.os.http;
