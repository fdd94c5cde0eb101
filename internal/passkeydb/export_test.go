package passkeydb

// SetPageSize makes s ask for at most n passkeys per Query page, so that
// a test pages through a few passkeys as DynamoDB does through a megabyte.
func SetPageSize(s *Store, n int32) { s.pageSize = n }
