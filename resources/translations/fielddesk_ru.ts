<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ClientCardView</name>
    <message>
        <location filename="../../ui/client_card.py" line="66"/>
        <source>Find a client with the search box above; their card opens here.</source>
        <translation>Найдите клиента через поиск вверху — его карточка откроется здесь.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="101"/>
        <source>Equipment</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="101"/>
        <source>No equipment recorded.</source>
        <translation>Оборудование не записано.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="104"/>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="104"/>
        <source>No orders yet.</source>
        <translation>Заказов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="105"/>
        <source>Upcoming visits</source>
        <translation>Предстоящие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="105"/>
        <source>No visits booked.</source>
        <translation>Выездов не запланировано.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="107"/>
        <source>Past visits</source>
        <translation>Прошедшие выезды</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="107"/>
        <source>No visits yet.</source>
        <translation>Выездов ещё не было.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="133"/>
        <source>Timeline</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="133"/>
        <source>Nothing has happened yet.</source>
        <translation>Пока ничего не происходило.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="165"/>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="179"/>
        <source>The client card could not be loaded: %1</source>
        <translation>Не удалось загрузить карточку клиента: %1</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="194"/>
        <source>Tax ID %1</source>
        <translation>ИНН %1</translation>
    </message>
    <message>
        <location filename="../../ui/client_card.py" line="196"/>
        <source>Balance due %1</source>
        <translation>Долг %1</translation>
    </message>
</context>
<context>
    <name>ClientValidation</name>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="31"/>
        <source>Enter the client&apos;s name: a person&apos;s full name or the company&apos;s name.</source>
        <translation>Введите имя клиента: ФИО человека или название организации.</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="32"/>
        <source>The name is longer than 300 characters; shorten it.</source>
        <translation>Имя длиннее 300 символов — сократите его.</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="51"/>
        <source>“%1” is not an e-mail address; use the form name@example.ru or leave it empty.</source>
        <translation>«%1» — не адрес эл. почты; введите его в виде name@example.ru или оставьте поле пустым.</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="56"/>
        <source>Check the phone numbers (%1): type them with the code, e.g. +7 351 123-45-67.</source>
        <translation>Проверьте номера телефонов (%1): вводите их с кодом, например +7 351 123-45-67.</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <location filename="../../ui/clients_page.py" line="50"/>
        <source>↑/↓ move, Enter opens the client card</source>
        <translation>↑/↓ — выбор, Enter открывает карточку клиента</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="54"/>
        <location filename="../../ui/clients_page.py" line="109"/>
        <source>Type in the search box above: a phone in any format, a name, an address, a serial or an order number.</source>
        <translation>Введите в поиск вверху телефон в любом формате, имя, адрес, серийный номер или номер заказа.</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="89"/>
        <source>Searching for “%1”…</source>
        <translation>Ищем «%1»…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/clients_page.py" line="118"/>
        <source>Results for “%1”: %n</source>
        <translation>
            <numerusform>Найдено по запросу «%1»: %n</numerusform>
            <numerusform>Найдено по запросу «%1»: %n</numerusform>
            <numerusform>Найдено по запросу «%1»: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="120"/>
        <source>Nothing found for “%1”.</source>
        <translation>По запросу «%1» ничего не найдено.</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="129"/>
        <source>The search failed: %1</source>
        <translation>Поиск не удался: %1</translation>
    </message>
    <message>
        <location filename="../../ui/clients_page.py" line="154"/>
        <source>Copied %1</source>
        <translation>Скопировано: %1</translation>
    </message>
</context>
<context>
    <name>ConnectingWindow</name>
    <message>
        <location filename="../../ui/startup.py" line="43"/>
        <source>FieldDesk</source>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="55"/>
        <source>Connecting to %1…</source>
        <translation>Подключение: %1…</translation>
    </message>
</context>
<context>
    <name>ContactsSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="110"/>
        <source>Contacts</source>
        <translation>Контактные лица</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="110"/>
        <source>No contact people.</source>
        <translation>Контактных лиц нет.</translation>
    </message>
</context>
<context>
    <name>DatabaseSettings</name>
    <message>
        <location filename="../../ui/database_settings.py" line="33"/>
        <source>the embedded database on this computer (%1)</source>
        <translation>встроенная база данных на этом компьютере (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="36"/>
        <source>from the environment variable %1</source>
        <translation>из переменной окружения %1</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="39"/>
        <source>from %1</source>
        <translation>из %1</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsDialog</name>
    <message>
        <location filename="../../ui/database_settings.py" line="137"/>
        <source>Database settings</source>
        <translation>Настройки базы данных</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsForm</name>
    <message>
        <location filename="../../ui/database_settings.py" line="54"/>
        <source>Embedded database on this computer (one workstation)</source>
        <translation>Встроенная база данных на этом компьютере (одно рабочее место)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="55"/>
        <source>Shared database server (every workstation of the company)</source>
        <translation>Общий сервер базы данных (все рабочие места компании)</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="61"/>
        <source>The password is asked for at sign-in and kept in the system keyring.</source>
        <translation>Пароль запрашивается при входе и хранится в системном хранилище паролей.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="66"/>
        <source>The environment variable %1 is set and takes precedence over this setting.</source>
        <translation>Задана переменная окружения %1 — она важнее этой настройки.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="70"/>
        <source>Changes take effect the next time FieldDesk starts.</source>
        <translation>Изменения вступят в силу при следующем запуске FieldDesk.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="89"/>
        <source>The database settings could not be read.</source>
        <translation>Не удалось прочитать настройки базы данных.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="91"/>
        <source>Now using %1.</source>
        <translation>Сейчас используется %1.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="114"/>
        <source>Enter the server&apos;s URL, e.g. postgresql://dispatcher@server:5432/fielddesk.</source>
        <translation>Введите адрес сервера, например postgresql://dispatcher@server:5432/fielddesk.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="120"/>
        <source>Saved: the embedded database on this computer.</source>
        <translation>Сохранено: встроенная база данных на этом компьютере.</translation>
    </message>
    <message>
        <location filename="../../ui/database_settings.py" line="122"/>
        <source>Saved: %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
</context>
<context>
    <name>DomainLabels</name>
    <message>
        <location filename="../../ui/domain_labels.py" line="10"/>
        <source>person</source>
        <translation>частное лицо</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="11"/>
        <source>company</source>
        <translation>организация</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="15"/>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="16"/>
        <source>work</source>
        <translation>рабочий</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="17"/>
        <source>home</source>
        <translation>домашний</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="18"/>
        <source>fax</source>
        <translation>факс</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="19"/>
        <source>other</source>
        <translation>другой</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="23"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="24"/>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="25"/>
        <source>Stage change</source>
        <translation>Смена этапа</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="26"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="27"/>
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="28"/>
        <source>Visit</source>
        <translation>Выезд</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="29"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="34"/>
        <source>Client</source>
        <extracomment>Short labels for what a search hit matched.</extracomment>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="35"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="36"/>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="37"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="38"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/domain_labels.py" line="39"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
</context>
<context>
    <name>EmailsSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="97"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="97"/>
        <source>No e-mail addresses.</source>
        <translation>Адресов эл. почты нет.</translation>
    </message>
</context>
<context>
    <name>EquipmentTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Unit</source>
        <translation>Оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Serial</source>
        <translation>Серийный №</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Warranty</source>
        <translation>Гарантия</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Site</source>
        <translation>Объект</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="89"/>
        <source>Installed</source>
        <translation>Установлено</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="96"/>
        <source>Installed %1</source>
        <translation>Установлено %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="101"/>
        <source>FieldDesk</source>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154"/>
        <source>Go to %1</source>
        <translation>Перейти: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>Create a client (Ctrl+N)</source>
        <translation>Создать клиента (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>DB ok · %1</source>
        <translation>БД в порядке · %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>sync: connecting…</source>
        <translation>синхронизация: подключение…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>sync ✓</source>
        <translation>синхронизация ✓</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>Changes made on other workstations appear here within a second.</source>
        <translation>Изменения с других рабочих мест появляются здесь в течение секунды.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>sync offline</source>
        <translation>нет синхронизации</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>Client saved.</source>
        <translation>Клиент сохранён.</translation>
    </message>
</context>
<context>
    <name>NavigationRail</name>
    <message>
        <location filename="../../ui/main_window.py" line="47"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="48"/>
        <source>Calls: not built yet — the call log with missed calls to call back and the live call pane, coming with the telephony module.</source>
        <translation>Звонки: раздел ещё не готов — журнал звонков с пропущенными, которым нужно перезвонить, и панель текущего звонка появятся вместе с модулем телефонии.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="50"/>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>Orders: not built yet — pipelines as kanban boards and a registry with filters and export, coming with the orders module.</source>
        <translation>Заказы: раздел ещё не готов — воронки в виде канбан-досок и реестр с фильтрами и выгрузкой появятся вместе с модулем заказов.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="53"/>
        <source>Planning</source>
        <translation>Планирование</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="54"/>
        <source>Planning board: not built yet — technicians × hours beside a map, coming with the planning module.</source>
        <translation>Доска планирования: раздел ещё не готов — мастера × часы рядом с картой появятся вместе с модулем планирования.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="56"/>
        <source>Clients &amp; equipment</source>
        <translation>Клиенты и оборудование</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57"/>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Overdue work: not built yet — late orders, visits and callbacks with who is responsible, coming with the SLA module.</source>
        <translation>Просроченная работа: раздел ещё не готов — просроченные заказы, выезды и перезвоны с ответственными появятся вместе с модулем SLA.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60"/>
        <source>Dashboards</source>
        <translation>Дашборды</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="61"/>
        <source>Dashboards: not built yet — workload, SLA and revenue charts, coming with the reports module.</source>
        <translation>Дашборды: раздел ещё не готов — графики загрузки, SLA и выручки появятся вместе с модулем отчётов.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
</context>
<context>
    <name>NewClientDialog</name>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="73"/>
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="80"/>
        <source>Full name or company name</source>
        <translation>ФИО или название организации</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="82"/>
        <source>+7 351 123-45-67, 8 912 000-00-00</source>
        <translation>+7 351 123-45-67, 8 912 000-00-00</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="84"/>
        <source>name@example.ru</source>
        <translation>name@example.ru</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="86"/>
        <source>City, street, building, flat</source>
        <translation>Город, улица, дом, квартира</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="103"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="104"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="105"/>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="106"/>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="107"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="108"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="121"/>
        <source>Save the client (Enter or Ctrl+S)</source>
        <translation>Сохранить клиента (Enter или Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="122"/>
        <source>Close without saving (Esc)</source>
        <translation>Закрыть без сохранения (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="196"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/new_client_dialog.py" line="216"/>
        <source>The client was not saved: %1</source>
        <translation>Клиент не сохранён: %1</translation>
    </message>
</context>
<context>
    <name>OrdersTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>№</source>
        <translation>№</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="130"/>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
</context>
<context>
    <name>PhonesSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="67"/>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="67"/>
        <source>No phone numbers.</source>
        <translation>Телефонов нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="78"/>
        <source>Click to copy %1</source>
        <translation>Нажмите, чтобы скопировать %1</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../ui/search.py" line="93"/>
        <source>Search: phone, name, address, serial, order №</source>
        <translation>Поиск: телефон, имя, адрес, серийный №, № заказа</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="94"/>
        <source>Find a client by phone in any format, name, address, serial or order number (Ctrl+K)</source>
        <translation>Найти клиента по телефону в любом формате, имени, адресу, серийному номеру или номеру заказа (Ctrl+K)</translation>
    </message>
</context>
<context>
    <name>SearchResultsTableModel</name>
    <message>
        <location filename="../../ui/search.py" line="73"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="74"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/search.py" line="75"/>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages.py" line="46"/>
        <source>Save database setting</source>
        <translation>Сохранить настройку базы данных</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="47"/>
        <source>Save the database choice; FieldDesk uses it after a restart (Ctrl+S)</source>
        <translation>Сохранить выбор базы данных; FieldDesk применит его после перезапуска (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="56"/>
        <source>Language: English. FieldDesk follows the system language; set FIELDDESK_LANG to ru or en to choose.</source>
        <translation>Язык: русский. FieldDesk следует языку системы; чтобы выбрать язык, задайте FIELDDESK_LANG=ru или en.</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="59"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="66"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="68"/>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="72"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="86"/>
        <source>Restart FieldDesk to use it.</source>
        <translation>Перезапустите FieldDesk, чтобы применить.</translation>
    </message>
</context>
<context>
    <name>SitesSection</name>
    <message>
        <location filename="../../ui/client_card_sections.py" line="127"/>
        <source>Sites</source>
        <translation>Объекты</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="127"/>
        <source>No addresses yet.</source>
        <translation>Адресов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_sections.py" line="134"/>
        <source>Access: %1</source>
        <translation>Доступ: %1</translation>
    </message>
</context>
<context>
    <name>StartupController</name>
    <message>
        <location filename="../../ui/startup.py" line="88"/>
        <source>the embedded database in %1</source>
        <translation>встроенная база данных в %1</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="111"/>
        <source>The database is empty: loading demo data so that there is something to look at…</source>
        <translation>База данных пуста: загружаем демонстрационные данные, чтобы было с чем работать…</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="113"/>
        <location filename="../../ui/startup.py" line="136"/>
        <source>FieldDesk</source>
        <translation>FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="124"/>
        <source>Loading demo data: %1</source>
        <translation>Загрузка демонстрационных данных: %1</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="137"/>
        <source>The demo data could not be loaded: %1

FieldDesk opens with an empty database.</source>
        <translation>Не удалось загрузить демонстрационные данные: %1

FieldDesk откроется с пустой базой данных.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="153"/>
        <source>FieldDesk: database not available</source>
        <translation>FieldDesk: база данных недоступна</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="154"/>
        <source>FieldDesk cannot open its database.</source>
        <translation>FieldDesk не может открыть базу данных.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="156"/>
        <source>Database: %1

%2</source>
        <translation>База данных: %1

%2</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="158"/>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="159"/>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="160"/>
        <location filename="../../ui/startup.py" line="192"/>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="183"/>
        <source>FieldDesk %1</source>
        <translation>FieldDesk %1</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="184"/>
        <source>a newer FieldDesk</source>
        <translation>более новой версией FieldDesk</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="185"/>
        <source>This database was migrated by %1 (schema %2); this is FieldDesk %3 (schema %4). Update FieldDesk on this computer before connecting to it.</source>
        <translation>Эта база данных обновлена версией %1 (схема %2), а здесь установлен FieldDesk %3 (схема %4). Обновите FieldDesk на этом компьютере, прежде чем подключаться к ней.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="189"/>
        <source>FieldDesk: update needed</source>
        <translation>FieldDesk: нужно обновление</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="191"/>
        <source>FieldDesk will not change a database made by a newer version.</source>
        <translation>FieldDesk не изменяет базу данных, созданную более новой версией.</translation>
    </message>
</context>
<context>
    <name>StatusPalette</name>
    <message>
        <location filename="../../ui/status_palette.py" line="51"/>
        <source>planned</source>
        <extracomment>Warranty that ends within this many days counts as &quot;expiring soon&quot;. Usage-limited warranty with less than this left counts as &quot;expiring soon&quot;.</extracomment>
        <translation>запланирован</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="52"/>
        <source>confirmed</source>
        <translation>подтверждён</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="53"/>
        <source>en route</source>
        <translation>в пути</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="54"/>
        <source>on site</source>
        <translation>на объекте</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="55"/>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="56"/>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="57"/>
        <source>overdue</source>
        <translation>просрочен</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="58"/>
        <source>conflict</source>
        <translation>конфликт</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="59"/>
        <source>waiting</source>
        <translation>ожидание</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="63"/>
        <source>under warranty</source>
        <translation>на гарантии</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="64"/>
        <source>expiring soon</source>
        <translation>скоро истекает</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="65"/>
        <location filename="../../ui/status_palette.py" line="96"/>
        <source>expired</source>
        <translation>истекла</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="66"/>
        <source>no data</source>
        <translation>нет данных</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="93"/>
        <source>no warranty data</source>
        <translation>нет данных о гарантии</translation>
    </message>
    <message>
        <location filename="../../ui/status_palette.py" line="100"/>
        <source>until %1</source>
        <translation>до %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_palette.py" line="106"/>
        <source>%n engine hours left</source>
        <translation>
            <numerusform>остался %n моточас</numerusform>
            <numerusform>осталось %n моточаса</numerusform>
            <numerusform>осталось %n моточасов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_palette.py" line="108"/>
        <source>%n km left</source>
        <translation>
            <numerusform>остался %n км</numerusform>
            <numerusform>осталось %n км</numerusform>
            <numerusform>осталось %n км</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="204"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="204"/>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="220"/>
        <location filename="../../ui/client_card_models.py" line="237"/>
        <source>private</source>
        <translation>личное</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="233"/>
        <source>order %1</source>
        <translation>заказ %1</translation>
    </message>
</context>
<context>
    <name>VisitsTableModel</name>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Technician</source>
        <translation>Мастер</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="164"/>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../ui/client_card_models.py" line="181"/>
        <source>not assigned</source>
        <translation>не назначен</translation>
    </message>
</context>
</TS>
