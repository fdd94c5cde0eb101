// What the page remembers in this browser: the names (phone numbers and
// email addresses, in lower case) that signed in with or added a passkey
// here, so that it offers the passkey first to them and a code first to
// any other name. It is a convenience of this browser only: the pool tells
// no name apart, and a name the page does not know can still use a
// passkey ("Use a passkey instead").

// MAX_NAMES bounds what one browser keeps; the oldest go first.
const MAX_NAMES = 50;

function normalize(name) {
  return String(name).trim().toLowerCase();
}

// newMemory returns the memory kept in localStorage under key:
//   has(name): true or false, or null when this browser keeps nothing
//     (storage disabled or full), so the page cannot tell;
//   set(names, usesPasskey): records or forgets names; it throws what the
//     browser threw when it cannot.
export function newMemory(key) {
  function read() {
    const raw = window.localStorage.getItem(key);
    if (!raw) return [];
    try {
      const names = JSON.parse(raw);
      return Array.isArray(names) ? names.filter((n) => typeof n === "string") : [];
    } catch {
      return []; // not ours, or damaged: start again
    }
  }
  return {
    has(name) {
      try {
        return read().includes(normalize(name));
      } catch {
        return null;
      }
    },
    set(names, usesPasskey) {
      const these = [...new Set(names.map(normalize).filter(Boolean))];
      let kept = read().filter((n) => !these.includes(n));
      if (usesPasskey) kept = [...kept, ...these].slice(-MAX_NAMES);
      window.localStorage.setItem(key, JSON.stringify(kept));
    },
  };
}
