package passkey

import (
	"bytes"
	"context"
	"slices"
	"sync"
)

// MemoryStore is a Store in one process's memory, for local mode and
// tests. It is safe for concurrent use, and keeps and returns copies, so
// that no caller can change what it holds. Registrations under way stay
// until taken, expired or not: TakeRegistration's caller checks ExpiresAt.
type MemoryStore struct {
	mu     sync.Mutex
	owners map[string]*memoryOwner
}

// memoryOwner is what a MemoryStore holds for one owner.
type memoryOwner struct {
	credentials map[string]Credential // by string(ID)
	// registration is the registration under way; nil when there is none.
	registration *Challenge
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{owners: map[string]*memoryOwner{}}
}

// owner returns the owner's entry, made if create; nil if absent and not
// create. The caller holds s.mu.
func (s *MemoryStore) owner(name string, create bool) *memoryOwner {
	o := s.owners[name]
	if o == nil && create {
		o = &memoryOwner{credentials: map[string]Credential{}}
		s.owners[name] = o
	}
	return o
}

// credential returns the owner's passkey id and whether there is one. The
// caller holds s.mu.
func (s *MemoryStore) credential(owner string, id []byte) (Credential, bool) {
	o := s.owner(owner, false)
	if o == nil {
		return Credential{}, false
	}
	c, ok := o.credentials[string(id)]
	return c, ok
}

// Credentials implements Store: copies, oldest first, and by id among
// those created at the same time.
func (s *MemoryStore) Credentials(ctx context.Context, owner string) ([]Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.owner(owner, false)
	if o == nil {
		return nil, nil
	}
	list := make([]Credential, 0, len(o.credentials))
	for _, c := range o.credentials {
		list = append(list, copyCredential(c))
	}
	SortCredentials(list)
	return list, nil
}

// SortCredentials sorts list oldest first by CreatedAt, and by ID among
// those created at the same time: the order of Store.Credentials.
func SortCredentials(list []Credential) {
	slices.SortFunc(list, func(a, b Credential) int {
		if n := a.CreatedAt.Compare(b.CreatedAt); n != 0 {
			return n
		}
		return bytes.Compare(a.ID, b.ID)
	})
}

// SignedIn implements Store.
func (s *MemoryStore) SignedIn(ctx context.Context, owner string, c Credential, previousCount uint32) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.credential(owner, c.ID)
	switch {
	case !ok:
		return ErrNotFound
	case stored.SignCount != previousCount:
		return ErrCounterChanged
	}
	stored.SignCount, stored.BackupState, stored.LastUsedAt = c.SignCount, c.BackupState, c.LastUsedAt
	s.owners[owner].credentials[string(c.ID)] = stored
	return nil
}

// AddCredential implements Store.
func (s *MemoryStore) AddCredential(ctx context.Context, owner string, c Credential) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.credential(owner, c.ID); ok {
		return ErrExists
	}
	s.owner(owner, true).credentials[string(c.ID)] = copyCredential(c)
	return nil
}

// RenameCredential implements Store; an empty name removes the name.
func (s *MemoryStore) RenameCredential(ctx context.Context, owner string, id []byte, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.credential(owner, id)
	if !ok {
		return ErrNotFound
	}
	c.Name = name
	s.owners[owner].credentials[string(id)] = c
	return nil
}

// DeleteCredential implements Store.
func (s *MemoryStore) DeleteCredential(ctx context.Context, owner string, id []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.credential(owner, id); !ok {
		return ErrNotFound
	}
	delete(s.owners[owner].credentials, string(id))
	s.prune(owner)
	return nil
}

// StartRegistration implements Store.
func (s *MemoryStore) StartRegistration(ctx context.Context, owner string, c Challenge) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.owner(owner, true)
	o.registration = &Challenge{Value: bytes.Clone(c.Value), ExpiresAt: c.ExpiresAt}
	return nil
}

// TakeRegistration implements Store.
func (s *MemoryStore) TakeRegistration(ctx context.Context, owner string) (Challenge, error) {
	if err := ctx.Err(); err != nil {
		return Challenge{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.owner(owner, false)
	if o == nil || o.registration == nil {
		return Challenge{}, ErrNotFound
	}
	c := *o.registration
	o.registration = nil
	s.prune(owner)
	return c, nil // the store keeps no reference to it any more
}

// prune forgets an owner who has nothing left, so that memory follows
// what is stored. The caller holds s.mu.
func (s *MemoryStore) prune(owner string) {
	if o := s.owners[owner]; o != nil && len(o.credentials) == 0 && o.registration == nil {
		delete(s.owners, owner)
	}
}

// copyCredential copies c's slices, so that the copy shares no memory
// with c.
func copyCredential(c Credential) Credential {
	c.ID = bytes.Clone(c.ID)
	c.PublicKey = bytes.Clone(c.PublicKey)
	c.Transports = slices.Clone(c.Transports)
	return c
}
