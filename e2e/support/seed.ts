/** People of the e2e seed (DESIGN §5 shape); each spec works on its own, so answers are known here. */
export const people = {
  /** no clave, no email, data not updated in person: registers an email while generating */
  noEmail: {
    id: '1714307103',
    birthDay: 22,
    birthMonth: 3,
    email: 'carlos.pilataxi@example.com',
    challenges: [
      {
        question: '¿En qué año realizó su primer aporte al IESS?',
        answer: '1994',
        distractors: ['1991', '1996', '1999'],
      },
      {
        question: '¿Cuál fue su primer empleador?',
        answer: 'Textiles del Pichincha',
        distractors: ['Banco del Austro', 'Hacienda La Merced', 'Ferretería Kywi'],
      },
    ],
  },
  /** has a clave and an email updated in person: recovers with the email on file */
  withClave: {
    id: '1710034065',
    birthDay: 14,
    birthMonth: 8,
    email: 'maria@example.com',
    password: 'Cotopaxi2024',
    securityAnswers: [
      { questionId: 'q01', answer: 'Firulais' },
      { questionId: 'q02', answer: 'Latacunga' },
      { questionId: 'q03', answer: 'Escuela Sucre' },
    ],
    securityImage: 'colibri',
    challenges: [
      {
        question: '¿En qué año realizó su primer aporte al IESS?',
        answer: '1987',
        distractors: ['1985', '1990', '1993'],
      },
      {
        question: '¿En qué provincia se afilió por primera vez?',
        answer: 'Pichincha',
        distractors: ['Guayas', 'Azuay', 'Manabí'],
      },
    ],
  },
  /** a third person, only for the lockout test */
  toLock: {
    id: '0912345675',
    birthDay: 5,
    birthMonth: 11,
    challenges: [
      {
        question: '¿En qué año realizó su primer aporte al IESS?',
        answer: '2003',
        distractors: ['2001', '2005', '2008'],
      },
      {
        question: '¿Cuál fue su primer empleador?',
        answer: 'Pronaca',
        distractors: ['Holcim', 'Corporación Favorita', 'Tía'],
      },
    ],
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

export const e2eSeed = {
  afiliados: [
    {
      id: people.noEmail.id,
      idType: 'cedula',
      fullName: 'Carlos Alberto Pilataxi Chango',
      birthDate: `1968-${pad(people.noEmail.birthMonth)}-${pad(people.noEmail.birthDay)}`,
      email: null,
      dataUpdatedInPerson: false,
      hasPassword: false,
      challenges: people.noEmail.challenges,
      securityImage: null,
    },
    {
      id: people.withClave.id,
      idType: 'cedula',
      fullName: 'María Fernanda Quishpe Toapanta',
      birthDate: `1961-${pad(people.withClave.birthMonth)}-${pad(people.withClave.birthDay)}`,
      email: people.withClave.email,
      dataUpdatedInPerson: true,
      hasPassword: true,
      password: people.withClave.password,
      challenges: people.withClave.challenges,
      securityImage: people.withClave.securityImage,
      securityAnswers: people.withClave.securityAnswers,
    },
    {
      id: people.toLock.id,
      idType: 'cedula',
      fullName: 'Luis Enrique Mendoza Vera',
      birthDate: `1980-${pad(people.toLock.birthMonth)}-${pad(people.toLock.birthDay)}`,
      email: 'luis@example.com',
      dataUpdatedInPerson: true,
      hasPassword: true,
      password: 'Guayas1980x',
      challenges: people.toLock.challenges,
      securityImage: null,
    },
  ],
  employers: [
    {
      ruc: '1790011674001',
      branch: '001',
      legalRepId: '1710034065',
      name: 'Comercial Andina S.A.',
      email: 'rrhh@example.com',
    },
    // a company RUC whose mod-11 check digit fails: the SRI issued such RUCs, the central knows it
    {
      ruc: '1790011675001',
      branch: '002',
      legalRepId: '1714307103',
      name: 'Importadora del Pacífico S.A.',
      email: 'gerencia@example.com',
    },
  ],
  staff: [{ id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pin: '482915' }],
};

/** Every challenge answer of the seed, so a step helper can pick the right option by its text. */
export const knownAnswers: string[] = Object.values(people).flatMap((p) => p.challenges.map((c) => c.answer));
