f() echo x
