// A viper instance with the port bound to a variable of its own name.
package main

import (
	"fmt"
	"net/http"

	"github.com/spf13/viper"
)

func main() {
	v := viper.New()
	v.SetEnvPrefix("SHOP")
	v.BindEnv("port", "HTTP_LISTEN_PORT")
	v.SetDefault("port", 8080)
	http.ListenAndServe(fmt.Sprintf(":%d", v.GetInt("port")), nil)
}
