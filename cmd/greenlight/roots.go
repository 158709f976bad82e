package main

// The CLI runs in images built on an empty base (the bot's own image, pipelines/greenlight), where
// there is no CA bundle: Go then uses this fallback, and only then.
import _ "golang.org/x/crypto/x509roots/fallback"
