// viper with AutomaticEnv and no prefix: the key port is read from $PORT.
package main

import (
	"fmt"
	"net/http"

	"github.com/spf13/viper"
)

func main() {
	viper.AutomaticEnv()
	viper.SetDefault("port", 8080)
	http.ListenAndServe(fmt.Sprintf(":%d", viper.GetInt("port")), nil)
}
