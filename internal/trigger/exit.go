package trigger

import (
	"log/slog"
	"os"
)

// Exit logs a start-up failure, such as bad configuration, and stops the
// process: Lambda reports the function as failed to start.
func Exit(log *slog.Logger, err error) {
	log.Error("cannot start", "error", err.Error())
	os.Exit(1)
}
