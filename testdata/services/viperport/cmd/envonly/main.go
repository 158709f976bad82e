// Configured by viper alone: defaults, PODINFO_* variables, no flags.
package main

import (
	"fmt"
	"net/http"

	"github.com/spf13/viper"
)

func main() {
	viper.SetDefault("port", 9898)
	viper.SetEnvPrefix("podinfo")
	viper.AutomaticEnv()
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.ListenAndServe(fmt.Sprintf(":%d", viper.GetInt("port")), nil)
}
