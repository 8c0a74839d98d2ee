package dev.eventual.readmodel;

import dev.eventual.domain.Facts;

/** A signed-up user: the credential is a password hash, never the password. */
public record User(String userId, String username, String credential) implements Facts.UserFacts {
}
