// PasswordHashing
