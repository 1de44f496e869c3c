"""The Slack runtime: the app factory, the HTTP server and Socket Mode, request verification,
middleware, and one listener module per Slack surface (`listeners/`).

`app.create_app` is the composition root of the Slack app; `server.run` is `jobbot serve`.
Listeners stay thin: they parse Slack's payload, call `bot.assistant.Assistant`, and send the
`Message` it returns.
"""
